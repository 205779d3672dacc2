# syntax=docker/dockerfile:1
# The load generator's image, built from the repository root:
#   docker build -f deploy/loadgenerator.Dockerfile -t boutique:1.0.0-loadgenerator .
# Not deploy/Dockerfile: this module is a plain jar with its libraries beside it (Gatling), not a Spring Boot
# jar, and it has no gRPC or actuator health, only its status page.

ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The whole project, as deploy/Dockerfile's build stage does (the load generator alone would not do: its tests'
# support module is resolved even when tests are skipped). Built with the services, this layer is theirs.
RUN ./mvnw -B -q package -DskipTests

FROM ${JRE_IMAGE}
ARG SHOP_JAVA_OPTS="-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# A numeric user, so Kubernetes can verify runAsNonRoot.
RUN groupadd --system --gid 10001 shop \
    && useradd --system --uid 10001 --gid shop --no-create-home --shell /usr/sbin/nologin shop
# The jar's manifest finds its libraries in lib/ beside it.
COPY --from=build /src/loadgenerator/target/loadgenerator-1.0.0-SNAPSHOT.jar /app/app.jar
COPY --from=build /src/loadgenerator/target/lib /app/lib
WORKDIR /app
# The shared JVM flags, then the load generator's own: Gatling needs a larger heap than a shop service
# (its README runs it with 256 MB). Reports go to java.io.tmpdir (/tmp) unless LOADGEN_RESULTS_DIR says otherwise.
ENV SHOP_JAVA_OPTS="${SHOP_JAVA_OPTS}" LOADGEN_JAVA_OPTS="-Xmx256m" LOCUST_WEB_PORT=8089
EXPOSE 8089
USER 10001:10001
# The status page must answer 200; bash's /dev/tcp needs no extra binary in the image.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/localhost/${LOCUST_WEB_PORT} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/bin/sh", "-c", "exec java $SHOP_JAVA_OPTS $LOADGEN_JAVA_OPTS -jar /app/app.jar \"$@\"", "app"]
CMD ["shoppers"]
