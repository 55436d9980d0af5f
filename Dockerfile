# syntax=docker/dockerfile:1
# One image for every service; SERVICE (or the first argument) picks which one runs:
#   docker build -t sage200-events .
#   docker run --rm -e SERVICE=worker -e KAFKA_BOOTSTRAP_SERVERS=… -e REDIS_URL=… sage200-events
# Configuration is by environment variables only (README, "Operations").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The launcher depends on every service, so `-pl launcher -am` builds them all, and its target/lib holds every
# service's jar and each runtime dependency once. The tests run in CI (.ci/run), not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
# curl: the health checks in docker-compose.yml call /health with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --home-dir /app app
WORKDIR /app
COPY --from=build /src/launcher/target/lib/ /app/lib/
COPY bin/service /app/bin/service
ENV APP_CLASSPATH="/app/lib/*" \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER app
# Scheduler API, worker and dispatcher /health + /metrics, sandbox.
EXPOSE 8080 8082 8083 8090
# bin/service execs the JVM, so it is PID 1 and SIGTERM (docker stop) runs the services' shutdown hooks.
ENTRYPOINT ["/app/bin/service"]
