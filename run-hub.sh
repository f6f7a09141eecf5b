#!/usr/bin/env bash
# Runs the eID hub locally, without Docker: Keycloak 26.7.3 (metrics on) with the one jar eidhub-keycloak (the itsme
# and IDEMIA brokers and the eidhub login theme), the demo realm "hub" (hub/realm-hub.json), and the local itsme/IDEMIA simulators with the demo app (the jwt.ms
# stand-in) from hub/simulator-clients.json. Needs only Java 17+ and Maven 3.8+ (no curl, no Docker).
# Ctrl-C stops everything this script started.
#
# Optional environment: KC_PORT (8080), KC_MANAGEMENT_PORT (9000), SIM_PORT (8099), KC_START_TIMEOUT (600 seconds),
# HUB_DEMO_APP_SECRET, HUB_IDEMIA_CLIENT_SECRET (the demo secrets of hub/*.json), KC_ADMIN_PASSWORD (the admin
# console's password; a random one is made and printed when unset), HUB_BIND_ADDRESS (127.0.0.1: Keycloak, its
# management interface and the simulators answer this machine only; 0.0.0.0 opens them to the network).
# A trial setup, not a deployment: Keycloak runs start-dev and the hub trusts the simulators as itsme and IDEMIA.
# Keycloak keeps its data in memory: every start imports hub/realm-hub.json afresh (admin-console changes are lost).
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=26.7.3
KC_PORT=${KC_PORT:-8080}
KC_MANAGEMENT_PORT=${KC_MANAGEMENT_PORT:-9000}
SIM_PORT=${SIM_PORT:-8099}
HUB_BIND_ADDRESS=${HUB_BIND_ADDRESS:-127.0.0.1}
KC_ADMIN_PASSWORD=${KC_ADMIN_PASSWORD:-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
KC_START_TIMEOUT=${KC_START_TIMEOUT:-600}
WORK=$PWD/.hub
KC_HOME=$WORK/keycloak-$KC_VERSION
RUN=$WORK/run
SIM_JAR=$RUN/eidhub-simulator.jar   # a copy: a rebuild of simulator/ while the hub runs must not pull the jar from under it
MODULES="eidhub-keycloak simulator"   # the one jar to install (built from the provider modules), the simulators

# The placeholders of hub/realm-hub.json (resolved by Keycloak's --import-realm) and of hub/simulator-clients.json
# (resolved by the simulator): one set of variables for both files, also used by docker-compose.yml.
export HUB_KC_URL="http://localhost:$KC_PORT"
export HUB_SIM_URL="http://localhost:$SIM_PORT"
export HUB_DEMO_APP_SECRET="${HUB_DEMO_APP_SECRET:-demo-app-secret}"
export HUB_IDEMIA_CLIENT_SECRET="${HUB_IDEMIA_CLIENT_SECRET:-idemia-demo-secret}"

die() {
  echo "error: $*" >&2
  exit 1
}

# ------------------------------------------------------------------ checks
command -v java >/dev/null 2>&1 || die "java not found: install Java 17 or later"
command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8 or later"
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
case "$java_version" in
  1.* | 9 | 1[0-6]) die "Java 17 or later is needed; 'java' is Java $java_version" ;;
esac
for port in "$KC_PORT" "$KC_MANAGEMENT_PORT" "$SIM_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use (another hub still running?); choose others with KC_PORT, KC_MANAGEMENT_PORT, SIM_PORT"
  fi
done

# ------------------------------------------------------------------ build (only when a jar is missing or older than its sources)
jar_of() {
  case "$1" in
    simulator) echo "simulator/target/eidhub-simulator.jar" ;;
    *) ls "$1"/target/"$1"-[0-9]*.jar 2>/dev/null | grep -v -- '-sources\.jar$' | head -1 ;;
  esac
}
needs_build() { # a jar is missing, or any module's main sources or POM are newer than it
  for module in $MODULES; do
    jar=$(jar_of "$module")
    [ -n "$jar" ] && [ -f "$jar" ] || return 0
    [ -z "$(find ./*/src/main ./*/pom.xml pom.xml -newer "$jar" -print 2>/dev/null | head -1)" ] || return 0
  done
  return 1
}
if needs_build; then
  echo "==> Building the eID hub jar and the simulator (the first build downloads dependencies)"
  mvn -B -q -Dstyle.color=never -DskipTests package -pl "$(echo $MODULES | tr ' ' ',')" -am
else
  echo "==> The jars are up to date"
fi

# ------------------------------------------------------------------ Keycloak distribution, providers, realm
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "==> Fetching the Keycloak $KC_VERSION distribution from Maven Central"
  mkdir -p "$WORK"
  mvn -B -q -Dstyle.color=never -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$WORK"
  [ -x "$KC_HOME/bin/kc.sh" ] || die "the Keycloak distribution was not unpacked into $KC_HOME"
fi

echo "==> Installing $(basename "$(jar_of eidhub-keycloak)") into $KC_HOME/providers, the realm into data/import"
# the jars of earlier versions of this script (four per hub) would load the same classes twice
rm -f "$KC_HOME"/providers/eidhub-common.jar "$KC_HOME"/providers/eidhub-itsme.jar \
  "$KC_HOME"/providers/eidhub-idemia.jar "$KC_HOME"/providers/eidhub-themes.jar
# copied only when changed, so that Keycloak does not rebuild needlessly
cmp -s "$(jar_of eidhub-keycloak)" "$KC_HOME/providers/eidhub-keycloak.jar" 2>/dev/null \
  || cp "$(jar_of eidhub-keycloak)" "$KC_HOME/providers/eidhub-keycloak.jar"
mkdir -p "$KC_HOME/data/import" "$RUN"
rm -f "$KC_HOME"/data/import/*.json
cp hub/realm-hub.json "$KC_HOME/data/import/realm-hub.json"
cp "$(jar_of simulator)" "$SIM_JAR"

# ------------------------------------------------------------------ start, and stop on Ctrl-C
SIM_PID=
KC_PID=
cleanup() {
  trap - INT TERM EXIT
  [ -n "$SIM_PID$KC_PID" ] || return 0
  echo
  echo "==> Stopping Keycloak and the simulators"
  for pid in $KC_PID $SIM_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  waited=0
  while [ $waited -lt 30 ]; do
    alive=
    for pid in $KC_PID $SIM_PID; do
      if kill -0 "$pid" 2>/dev/null; then alive=yes; fi
    done
    [ -n "$alive" ] || break
    sleep 1
    waited=$((waited + 1))
  done
  for pid in $KC_PID $SIM_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "    $pid did not stop in 30 s: killing it"
      if command -v pkill >/dev/null 2>&1; then pkill -KILL -P "$pid" 2>/dev/null || true; fi
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  echo "==> Stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Starting the simulators and the demo app on port $SIM_PORT"
DEMO_APP_SECRET="$HUB_DEMO_APP_SECRET" java -jar "$SIM_JAR" --bind "$HUB_BIND_ADDRESS" --port "$SIM_PORT" --base-url "$HUB_SIM_URL" \
  --config hub/simulator-clients.json --keys "$RUN/simulator-keys.json" \
  --demo-app-issuer "$HUB_KC_URL/realms/hub" --demo-app-client-id demo-app \
  > "$RUN/simulator.log" 2>&1 &
SIM_PID=$!

echo "==> Starting Keycloak $KC_VERSION on port $KC_PORT (the first start takes a minute or more)"
env -u KC_PORT -u KC_MANAGEMENT_PORT -u KC_START_TIMEOUT -u KC_ADMIN_PASSWORD \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
  "$KC_HOME/bin/kc.sh" start-dev --http-host="$HUB_BIND_ADDRESS" --http-port="$KC_PORT" \
  --http-management-host="$HUB_BIND_ADDRESS" --http-management-port="$KC_MANAGEMENT_PORT" \
  --db=dev-mem --health-enabled=true --import-realm \
  --metrics-enabled=true --features=user-event-metrics \
  --event-metrics-user-enabled=true --event-metrics-user-tags=realm,idp \
  > "$RUN/keycloak.log" 2>&1 &
KC_PID=$!

# readiness probe: the simulator jar's --wait-for (no curl needed); gives up when a watched process exits
ready() {
  java -jar "$SIM_JAR" --wait-for "$1" --timeout "$2" --watch-pid "$KC_PID" --watch-pid "$SIM_PID"
}
if ! ready "$HUB_SIM_URL/v2/.well-known/openid-configuration" 60 \
  || ! ready "http://localhost:$KC_MANAGEMENT_PORT/health/ready" "$KC_START_TIMEOUT" \
  || ! ready "$HUB_KC_URL/realms/hub/.well-known/openid-configuration" 60; then
  echo "The hub did not start. Last lines of $RUN/keycloak.log:" >&2
  tail -n 25 "$RUN/keycloak.log" >&2 || true
  echo "Last lines of $RUN/simulator.log:" >&2
  tail -n 10 "$RUN/simulator.log" >&2 || true
  exit 1
fi

cat <<INFO

The eID hub is running: Keycloak $KC_VERSION, realm 'hub', itsme and IDEMIA brokers on the local simulators.
  Demo app (start here):         $HUB_SIM_URL/demo/
  Hub sign-in (account console): $HUB_KC_URL/realms/hub/account
  Admin console:                 $HUB_KC_URL/admin/master/console/#/hub/identity-providers
                                 (admin / $KC_ADMIN_PASSWORD)
  Simulators (itsme, IDEMIA):    $HUB_SIM_URL/
  Metrics (Prometheus text):     http://localhost:$KC_MANAGEMENT_PORT/metrics
                                 keycloak_user_events_total{idp=...}: logins and refusals per provider
                                 eidhub_upstream_seconds_*{idp,endpoint,outcome}: calls to itsme / IDEMIA
                                 (README "Operating it": PromQL, event reasons)
  Logs:                          $RUN/keycloak.log, $RUN/simulator.log
Test persons: itsme alice, bob, chloe; IDEMIA dana, eli, frank (approve on the simulated phone page).
Press Ctrl-C to stop.
INFO

while kill -0 "$KC_PID" 2>/dev/null && kill -0 "$SIM_PID" 2>/dev/null; do
  sleep 1
done
if kill -0 "$KC_PID" 2>/dev/null; then
  echo "The simulator stopped unexpectedly; see $RUN/simulator.log" >&2
else
  echo "Keycloak stopped unexpectedly; see $RUN/keycloak.log" >&2
fi
exit 1
