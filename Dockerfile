# syntax=docker/dockerfile:1
#
# The eID hub images, built from the sources (nothing needs to be built on the host first):
#   --target keycloak   quay.io/keycloak/keycloak:26.7.3 + the one eID hub jar (brokers and login theme), built once for
#                       PostgreSQL with health checks (`kc.sh build`), started with `start --optimized` as Keycloak's
#                       "Running Keycloak in a container" guide recommends for production. The default target.
#   --target simulator  the local itsme / IDEMIA simulators and the demo app, on eclipse-temurin:17-jre.
# docker-compose.yml builds both. Alone: docker build -t eidhub/keycloak:26.7.3 .
ARG KEYCLOAK_VERSION=26.7.3

# ---------------------------------------------------------------- 1. the eID hub jar and the simulator, built with Maven
FROM maven:3.9-eclipse-temurin-17 AS jars
WORKDIR /src
COPY pom.xml ./
# the reactor reads every module's POM, also of the modules it does not build
COPY integration-tests/pom.xml integration-tests/
COPY eid-broker-common/ eid-broker-common/
COPY itsme-idp-provider/ itsme-idp-provider/
COPY idemia-idp-provider/ idemia-idp-provider/
COPY themes/ themes/
COPY eidhub-keycloak/ eidhub-keycloak/
COPY simulator/ simulator/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true package \
        -pl eidhub-keycloak,simulator -am \
 && mkdir -p /out/providers \
 && cp eidhub-keycloak/target/eidhub-keycloak-*[0-9].jar /out/providers/ \
 && cp simulator/target/eidhub-simulator.jar /out/eidhub-simulator.jar

# ---------------------------------------------------------------- 2. the simulators and the demo app
FROM eclipse-temurin:17-jre AS simulator
RUN useradd --system --uid 10001 --no-create-home eidhub
COPY --from=jars /out/eidhub-simulator.jar /opt/eidhub/eidhub-simulator.jar
USER 10001
EXPOSE 8099
ENTRYPOINT ["java", "-jar", "/opt/eidhub/eidhub-simulator.jar"]
CMD ["--port", "8099", "--bind", "0.0.0.0"]

# ---------------------------------------------------------------- 3. Keycloak: build-time options baked in
FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS keycloak-builder
COPY --from=jars --chown=keycloak:keycloak /out/providers/ /opt/keycloak/providers/
# metrics and user-event metrics are build-time options (README "Operating it"); /metrics is on the management port
RUN /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true \
    --metrics-enabled=true --features=user-event-metrics --event-metrics-user-enabled=true

# ---------------------------------------------------------------- 4. Keycloak: the optimized image
FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS keycloak
COPY --from=keycloak-builder /opt/keycloak/ /opt/keycloak/
# runtime options (database URL and credentials, hostname, admin bootstrap) come from the environment: see docker-compose.yml
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
