#!/usr/bin/env bash
# The cluster test (README "A cluster"): a throw-away PostgreSQL on 127.0.0.1, then integration-tests'
# ClusterFailover, which builds two Keycloak nodes from the distribution zip (the one the end-to-end tests use, with
# the eidhub-keycloak jar in providers/), starts them with clustering on, starts the simulator, and drives broker
# logins across the nodes, through a node stop (SIGTERM) and a node crash (SIGKILL). It prints its figures and stops
# everything it started, PostgreSQL included. Needs Debian's postgresql package (.ci/run installs it when missing).
#
# Optional environment: CLUSTER_LOGINS (500), CLUSTER_CONCURRENCY (4), CLUSTER_PG_PORT (a free port).
set -euo pipefail
cd "$(dirname "$0")"

die() {
  echo "error: $*" >&2
  exit 1
}

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "PostgreSQL not found: apt-get install postgresql (Debian's package)"
command -v mvn >/dev/null 2>&1 || die "mvn not found"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo 48432; }
PG_PORT=${CLUSTER_PG_PORT:-$(free_port)}
PG_DIR=$(mktemp -d /tmp/eidhub-cluster-pg.XXXXXX)
PG_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

# initdb and postgres refuse to run as root: as root, the server runs as Debian's postgres user
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/pw"
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR/pw"
chmod 600 "$PG_DIR/pw"

echo "==> PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT, data in $PG_DIR (removed at the end)"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U keycloak --pwfile="$PG_DIR/pw" --auth=scram-sha-256 -E UTF8 >"$PG_DIR/initdb.log" \
  || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
rm -f "$PG_DIR/pw"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200" start >/dev/null \
  || { cat "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
PGPASSWORD=$PG_PASSWORD "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U keycloak keycloak

echo "==> Cluster test (integration-tests: ClusterFailover)"
start=$(date +%s)
CLUSTER_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/keycloak" CLUSTER_DB_USERNAME=keycloak CLUSTER_DB_PASSWORD=$PG_PASSWORD \
  mvn -B verify -pl integration-tests -am -Dit.test=ClusterFailover -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcluster.logins="${CLUSTER_LOGINS:-500}" -Dcluster.concurrency="${CLUSTER_CONCURRENCY:-4}" "$@"
echo "==> Cluster test passed in $(( $(date +%s) - start )) s"
