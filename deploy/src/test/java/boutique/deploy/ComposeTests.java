package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeTests {

    /** The shop's services that are not built from a module here, under the reference's names. */
    private static final List<String> SUPPORTING =
            List.of("frontendproxy", "redis-cart", "ffs_postgres", "otelcol", "jaeger", "prometheus", "grafana");

    /** The OpenTelemetry variables of deploy/.env every module reads; PUBLIC_... is for browsers. */
    private static final List<String> OTEL_VARIABLES = List.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
            "OTEL_RESOURCE_ATTRIBUTES");

    private final Map<String, Object> services = DeployFiles.composeServices();
    private final Map<String, String> env = DeployFiles.env();

    @Test
    void services_areEveryModuleAndTheSupportingServices() {
        List<String> expected = new ArrayList<>(DeployFiles.serviceModules().stream()
                .map(DeployFiles::moduleName)
                .toList());
        expected.addAll(SUPPORTING);

        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void modules_eachHaveAnImageBuiltFromTheirModule() {
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            Map<String, Object> service = DeployFiles.map(services.get(name));
            String dockerfile = Addresses.dockerfilePath(service);

            assertThat(DeployFiles.at(service, "image"))
                    .as(name)
                    .isEqualTo(env.get("IMAGE_NAME") + ":" + env.get("IMAGE_VERSION") + "-" + name);
            assertThat(DeployFiles.at(service, "build", "context")).as(name).isEqualTo("..");
            assertThat(DeployFiles.at(service, "build", "args", "SHOP_JAVA_OPTS"))
                    .as(name)
                    .isEqualTo(env.get("SHOP_JAVA_OPTS"));
            if (dockerfile.equals("deploy/Dockerfile")) {
                assertThat(DeployFiles.map(DeployFiles.at(service, "build", "args")))
                        .as(name)
                        .contains(entry("MODULE", module), entry("ARTIFACT", name));
            } else {
                assertThat(Dockerfile.read(dockerfile).stage("build").all("RUN"))
                        .as(dockerfile)
                        .contains("./mvnw -B -q package -DskipTests");
            }
        }
    }

    @Test
    void modules_probeTheirHealthOnAPortTheyListenOn() {
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            Map<String, Object> service = DeployFiles.map(services.get(name));
            Object healthArg = DeployFiles.at(service, "build", "args", "HEALTH");
            if (healthArg == null) {
                // Images with their own health check (the load generator's status page) probe a fixed variable.
                assertThat(Dockerfile.read(Addresses.dockerfilePath(service))
                                .last()
                                .all("HEALTHCHECK"))
                        .as(name)
                        .hasSize(1);
                continue;
            }
            String[] health = healthArg.toString().split(" ");

            assertThat(health).as(name).hasSize(2);
            assertThat(health[0]).as(name).isIn("grpc", "http");
            Addresses.Target target = Addresses.parse(health[1].replaceFirst("^(http://[^/]+).*", "$1"));
            assertThat(target.host()).as(name).isEqualTo("localhost");
            assertThat(Addresses.composeListenPorts(name, service)).as(name).contains(target.port());
        }
    }

    @Test
    void loadGenerator_servesItsPageOnThePortItExposes() {
        Map<String, Object> service = DeployFiles.map(services.get("loadgenerator"));

        assertThat(Addresses.composeListenPorts("loadgenerator", service))
                .containsExactly(Integer.valueOf(env.get("LOCUST_WEB_PORT")));
        assertThat(DeployFiles.at(service, "environment", "LOCUST_WEB_PORT")).isEqualTo(env.get("LOCUST_WEB_PORT"));
    }

    @Test
    void javaServices_getTheJvmAndMallocSettingsOfTheEnvFile() {
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);

            assertThat(DeployFiles.map(DeployFiles.at(services.get(name), "environment")))
                    .as(name)
                    .contains(
                            entry("SHOP_JAVA_OPTS", env.get("SHOP_JAVA_OPTS")),
                            entry("MALLOC_ARENA_MAX", env.get("MALLOC_ARENA_MAX")));
        }
    }

    @Test
    void javaServices_getTheirOwnJvmOptionsOfTheEnvFileAfterTheShopsOnes() {
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            String own = env.get(name.toUpperCase(Locale.ROOT) + "_JAVA_OPTS");

            assertThat(DeployFiles.map(DeployFiles.at(services.get(name), "environment"))
                            .get("SERVICE_JAVA_OPTS"))
                    .as(name)
                    .isEqualTo(own);
        }
        assertThat(env).containsEntry("FRONTEND_JAVA_OPTS", "-Xmx64m");
    }

    @Test
    void modules_sendTelemetryToTheCollectorUnderTheirOwnName() {
        assertThat(env.keySet().stream().filter(v -> v.startsWith("OTEL_")))
                .containsExactlyInAnyOrderElementsOf(OTEL_VARIABLES);
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            Map<String, Object> environment = DeployFiles.map(DeployFiles.at(services.get(name), "environment"));

            assertThat(environment).as(name).containsEntry("OTEL_SERVICE_NAME", name);
            assertThat(environment).as(name).containsKeys(OTEL_VARIABLES.toArray(String[]::new));
            assertThat(dependencies(name)).as(name).contains("otelcol");
        }
        assertThat(env.get("OTEL_RESOURCE_ATTRIBUTES"))
                .isEqualTo("service.namespace=opentelemetry-demo,service.version=" + env.get("IMAGE_VERSION"));
    }

    @Test
    void proxy_startsAfterWhatItRoutesAndTracesTo() {
        assertThat(dependencies("frontendproxy"))
                .contains("frontend", "featureflagservice", "loadgenerator", "jaeger", "grafana", "otelcol");
    }

    @Test
    void volumes_mountFilesOfTheRepositoryReadOnly() {
        services.forEach((name, service) -> {
            for (Object volume : DeployFiles.list(DeployFiles.at(service, "volumes"))) {
                String[] parts = String.valueOf(volume).split(":");
                if (parts[0].startsWith(".")) {
                    // A missing source would make docker create an empty folder in its place.
                    assertThat(DeployFiles.path("deploy").resolve(parts[0]))
                            .as("%s of %s", volume, name)
                            .exists();
                    assertThat(parts).as("%s of %s", volume, name).hasSize(3).endsWith("ro");
                }
            }
        });
        assertThat(Volumes.compose(DeployFiles.map(services.get("otelcol"))))
                .containsEntry("/etc/otelcol/config.yaml", Observability.COLLECTOR);
        assertThat(DeployFiles.list(DeployFiles.at(services.get("otelcol"), "command")))
                .containsExactly("--config=/etc/otelcol/config.yaml");
        assertThat(Volumes.compose(DeployFiles.map(services.get("jaeger"))))
                .containsEntry("/etc/jaeger/config.yaml", Observability.JAEGER);
        assertThat(DeployFiles.list(DeployFiles.at(services.get("jaeger"), "command")))
                .containsExactly("--config=/etc/jaeger/config.yaml");
    }

    @Test
    void goServices_collectGarbageHarderBeforeTheirMemoryLimit() {
        for (String name : List.of("otelcol", "jaeger")) {
            Map<String, Object> service = DeployFiles.map(services.get(name));
            long limitMb =
                    megabytes(String.valueOf(DeployFiles.at(service, "deploy", "resources", "limits", "memory")));
            String goMemLimit = String.valueOf(DeployFiles.at(service, "environment", "GOMEMLIMIT"));

            assertThat(goMemLimit).as(name).matches("\\d+MiB");
            long softMb = Long.parseLong(goMemLimit.replace("MiB", ""));
            assertThat(softMb).as(name).isBetween(limitMb / 2, limitMb * 9 / 10);
        }
    }

    @Test
    void addressVariables_nameAServiceAndAPortItListensOn() {
        services.forEach((name, service) -> DeployFiles.map(DeployFiles.at(service, "environment"))
                .forEach((variable, value) -> {
                    if (Addresses.isAddressVariable(variable)) {
                        Addresses.Target target = Addresses.parse(String.valueOf(value));
                        assertThat(services).as("%s of %s", variable, name).containsKey(target.host());
                        assertThat(Addresses.composeListenPorts(
                                        target.host(), DeployFiles.map(services.get(target.host()))))
                                .as("%s of %s = %s", variable, name, target)
                                .contains(target.port());
                    }
                }));
    }

    @Test
    void environment_eachVariableHasItsEnvFileValue() {
        services.forEach((name, service) -> DeployFiles.map(DeployFiles.at(service, "environment"))
                .forEach((variable, value) -> {
                    if (env.containsKey(variable)) {
                        assertThat(value).as("%s of %s", variable, name).hasToString(env.get(variable));
                    }
                }));
    }

    @Test
    void ports_onlyTheProxyIsPublished() {
        services.forEach((name, service) -> {
            if (!name.equals("frontendproxy")) {
                assertThat(DeployFiles.at(service, "ports")).as(name).isNull();
            }
        });
        assertThat(DeployFiles.list(DeployFiles.at(services.get("frontendproxy"), "ports")))
                .hasSize(1);
    }

    @Test
    void services_eachHaveAMemoryLimitAndARestartPolicy() {
        services.forEach((name, service) -> {
            assertThat(DeployFiles.at(service, "deploy", "resources", "limits", "memory"))
                    .as(name)
                    .isNotNull();
            assertThat(DeployFiles.at(service, "restart")).as(name).isIn("always", "unless-stopped");
        });
    }

    @Test
    void redis_evictsBeforeItOutgrowsItsMemoryLimit() {
        Map<String, Object> redis = DeployFiles.map(services.get("redis-cart"));
        List<String> command = DeployFiles.list(redis.get("command")).stream()
                .map(String::valueOf)
                .toList();
        long limitMb = megabytes(String.valueOf(DeployFiles.at(redis, "deploy", "resources", "limits", "memory")));

        String maxmemory = command.get(command.indexOf("--maxmemory") + 1);
        assertThat(maxmemory).endsWith("mb");
        // Redis itself, its client buffers and fragmentation need room beside the data.
        assertThat(Long.parseLong(maxmemory.replace("mb", ""))).isLessThanOrEqualTo(limitMb * 2 / 3);
        assertThat(command.get(command.indexOf("--maxmemory-policy") + 1)).isEqualTo("allkeys-lru");
    }

    @Test
    void flagService_waitsForAHealthyPostgres() {
        Object postgres = services.get("ffs_postgres");

        assertThat(DeployFiles.at(services.get("featureflagservice"), "depends_on", "ffs_postgres", "condition"))
                .isEqualTo("service_healthy");
        assertThat(DeployFiles.list(DeployFiles.at(postgres, "healthcheck", "test")))
                .contains("pg_isready");
        assertThat(DeployFiles.map(DeployFiles.at(postgres, "environment")))
                .containsOnly(
                        entry("POSTGRES_USER", "ffs"), entry("POSTGRES_PASSWORD", "ffs"), entry("POSTGRES_DB", "ffs"));
        assertThat(Addresses.parse(env.get("DATABASE_URL")).host()).isEqualTo("ffs_postgres");
    }

    @Test
    void loadGenerator_startsTenUsersByItself() {
        Map<String, Object> environment = DeployFiles.map(DeployFiles.at(services.get("loadgenerator"), "environment"));

        assertThat(environment)
                .contains(
                        entry("LOCUST_USERS", "10"),
                        entry("LOCUST_AUTOSTART", "true"),
                        entry("LOCUST_HEADLESS", "false"),
                        entry("LOCUST_HOST", "http://" + env.get("FRONTEND_ADDR")));
    }

    @Test
    void images_ofOthersArePinned() {
        services.forEach((name, service) -> {
            String image = String.valueOf(DeployFiles.at(service, "image"));
            assertThat(image).as(name).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
        });
    }

    /** The services a compose service waits for, whether listed or with conditions. */
    private List<String> dependencies(String name) {
        Object dependsOn = DeployFiles.at(services.get(name), "depends_on");
        if (dependsOn instanceof Map<?, ?> map) {
            return map.keySet().stream().map(String::valueOf).toList();
        }
        return DeployFiles.list(dependsOn).stream().map(String::valueOf).toList();
    }

    private static long megabytes(String composeMemory) {
        assertThat(composeMemory).matches("\\d+M");
        return Long.parseLong(composeMemory.replace("M", ""));
    }
}
