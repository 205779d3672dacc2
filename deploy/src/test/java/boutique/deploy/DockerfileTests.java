package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class DockerfileTests {

    private final Dockerfile services = Dockerfile.read("deploy/Dockerfile");
    private final Dockerfile loadgenerator = Dockerfile.read("deploy/loadgenerator.Dockerfile");
    private final Dockerfile proxy = Dockerfile.read("frontend-proxy/Dockerfile");

    @Test
    void baseImages_arePinnedToAVersion() {
        for (Dockerfile dockerfile : List.of(services, loadgenerator, proxy)) {
            for (Dockerfile.Stage stage : dockerfile.stages()) {
                String image = dockerfile.baseImage(stage);
                assertThat(image).as("FROM %s", stage.from()).matches("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+[\\w.-]*");
            }
        }
    }

    @Test
    void services_buildWithJdk17AndRunOnAJre25() {
        assertThat(services.baseImage(services.stage("build")))
                .startsWith("eclipse-temurin:17.")
                .contains("-jdk");
        assertThat(services.baseImage(services.last()))
                .startsWith("eclipse-temurin:25.")
                .contains("-jre");
        assertThat(services.baseImage(services.stage("cds"))).isEqualTo(services.baseImage(services.last()));
    }

    @Test
    void finalStages_runAsANonRootUser() {
        for (Dockerfile dockerfile : List.of(services, loadgenerator, proxy)) {
            List<String> users = dockerfile.last().all("USER");

            assertThat(users).isNotEmpty();
            assertThat(users.get(users.size() - 1)).doesNotStartWith("root").doesNotStartWith("0");
        }
        assertThat(services.last().all("USER")).containsExactly("10001:10001");
        assertThat(loadgenerator.last().all("USER")).containsExactly("10001:10001");
    }

    @Test
    void services_startWithTheJvmFlagsOfTheEnvironmentAndTheirAotCache() {
        String entrypoint = services.last().all("ENTRYPOINT").get(0);
        String training = String.join(" ", services.stage("cds").all("RUN"));
        String probe = services.last().all("HEALTHCHECK").get(0);

        assertThat(entrypoint)
                .startsWith("[")
                .contains("exec java $SHOP_JAVA_OPTS $SERVICE_JAVA_OPTS ")
                .contains("-XX:AOTCache=/app/app.aot");
        assertThat(training).contains("-XX:AOTCacheOutput=/app/app.aot");
        assertThat(probe).contains("-XX:AOTCache=/app/app.aot");
        // A cache is refused by a JVM whose native access differs from the training run's.
        for (String command : List.of(entrypoint, training, probe)) {
            assertThat(command)
                    .contains("--enable-native-access=ALL-UNNAMED")
                    .contains("--sun-misc-unsafe-memory-access=allow");
        }
    }

    @Test
    void services_checkTheirHealthWithTheKitsProbe() {
        assertThat(services.last().all("HEALTHCHECK"))
                .singleElement()
                .asString()
                .contains("boutique.kit.HealthProbe $SHOP_HEALTH");
        assertThat(services.last().all("EXPOSE")).containsExactly("${PORTS}");
    }

    @Test
    void runStage_copiesTheJarTheBuildStageBuilds() {
        assertThat(services.stage("cds").all("COPY"))
                .contains("--from=build /src/${MODULE}/target/${ARTIFACT}-${VERSION}.jar /tmp/app.jar");
        assertThat(services.stage("build").all("RUN")).contains("./mvnw -B -q package -DskipTests");
    }

    @Test
    void compose_passesEveryArgumentWithoutADefault() {
        Map<String, Object> compose = DeployFiles.composeServices();
        List<String> required = services.stages().stream()
                .flatMap(s -> s.args().entrySet().stream())
                .filter(arg -> arg.getValue() == null)
                .map(Map.Entry::getKey)
                .distinct()
                .toList();

        assertThat(required).containsExactlyInAnyOrder("MODULE", "ARTIFACT", "PORTS", "HEALTH");
        compose.forEach((name, service) -> {
            if ("deploy/Dockerfile".equals(DeployFiles.at(service, "build", "dockerfile"))) {
                assertThat(DeployFiles.map(DeployFiles.at(service, "build", "args")))
                        .as(name)
                        .containsKeys(required.toArray(String[]::new))
                        .allSatisfy((key, value) ->
                                assertThat(Objects.toString(value, "")).isNotBlank());
            }
        });
    }

    @Test
    void loadGenerator_runsItsJarWithItsLibrariesAndTheJvmFlagsOfTheEnvironment() {
        assertThat(loadgenerator.last().all("COPY"))
                .containsExactly(
                        "--from=build /src/loadgenerator/target/loadgenerator-1.0.0-SNAPSHOT.jar /app/app.jar",
                        "--from=build /src/loadgenerator/target/lib /app/lib");
        assertThat(loadgenerator.last().all("ENTRYPOINT").get(0))
                .contains("exec java $SHOP_JAVA_OPTS $LOADGEN_JAVA_OPTS -jar /app/app.jar");
        assertThat(loadgenerator.last().all("CMD")).containsExactly("[\"shoppers\"]");
        assertThat(loadgenerator.last().all("HEALTHCHECK"))
                .singleElement()
                .asString()
                .contains("${LOCUST_WEB_PORT}");
    }

    @Test
    void finalStages_runNothingButCreatingTheirUser() {
        for (Dockerfile dockerfile : List.of(services, loadgenerator)) {
            assertThat(dockerfile.last().all("RUN"))
                    .allSatisfy(run -> assertThat(run).startsWith("groupadd "));
        }
    }

    @Test
    void proxy_runsEnvoyOnTheCheckedConfig() {
        assertThat(proxy.baseImage(proxy.last())).startsWith("envoyproxy/envoy:v1.");
        assertThat(proxy.last().all("COPY")).containsExactly("envoy.yaml /etc/envoy/envoy.yaml");
        assertThat(proxy.last().all("CMD")).singleElement().asString().contains("\"/etc/envoy/envoy.yaml\"");
        assertThat(DeployFiles.at(DeployFiles.composeServices(), "frontendproxy", "build", "context"))
                .isEqualTo("../frontend-proxy");
    }
}
