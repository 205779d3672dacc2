package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTests {

    /** Compose names that are not valid Kubernetes names; every other service keeps its compose name. */
    private static final Map<String, String> RENAMED =
            Map.of("ffs_postgres", "ffs-postgres", "frontendproxy", "frontend-proxy");

    private final List<Map<String, Object>> workloads = workloads();
    private final Map<String, Object> config = DeployFiles.map(DeployFiles.kubernetes("ConfigMap").stream()
            .filter(c -> "shop-config".equals(DeployFiles.at(c, "metadata", "name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ConfigMap shop-config"))
            .get("data"));

    @Test
    void workloads_areEveryComposeService() {
        Set<String> expected = DeployFiles.composeServices().keySet().stream()
                .map(name -> RENAMED.getOrDefault(name, name))
                .collect(Collectors.toSet());

        assertThat(workloads).extracting(w -> name(w)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void workloads_eachHaveAServiceOnTheirContainerPorts() {
        Map<String, Map<String, Object>> services = services();
        for (Map<String, Object> workload : workloads) {
            Map<String, Object> service = services.get(name(workload));
            assertThat(service).as("Service %s", name(workload)).isNotNull();
            assertThat(DeployFiles.map(DeployFiles.at(service, "spec", "selector")))
                    .as("selector of %s", name(workload))
                    .isEqualTo(DeployFiles.at(workload, "spec", "selector", "matchLabels"));
            assertThat(DeployFiles.map(DeployFiles.at(workload, "spec", "template", "metadata", "labels")))
                    .as("pod labels of %s", name(workload))
                    .containsAllEntriesOf(DeployFiles.map(DeployFiles.at(service, "spec", "selector")));
            assertThat(servicePorts(service))
                    .as("ports of %s", name(workload))
                    .containsExactlyInAnyOrderElementsOf(containerPorts(workload));
        }
    }

    @Test
    void containers_eachHaveReadinessAndLivenessProbesOnTheirOwnPorts() {
        for (Map<String, Object> workload : workloads) {
            for (Object container : containers(workload)) {
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    Object handler = DeployFiles.at(container, probe);
                    assertThat(handler).as("%s of %s", probe, name(workload)).isNotNull();
                    Object port = firstNonNull(
                            DeployFiles.at(handler, "grpc", "port"),
                            DeployFiles.at(handler, "httpGet", "port"),
                            DeployFiles.at(handler, "tcpSocket", "port"));
                    if (port != null) {
                        assertThat(containerPorts(workload))
                                .as("%s port of %s", probe, name(workload))
                                .contains((Integer) port);
                    } else {
                        assertThat(DeployFiles.at(handler, "exec", "command"))
                                .as("%s of %s", probe, name(workload))
                                .isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void modules_probeTheHealthEndpointsTheirImagesProbe() {
        Map<String, Object> compose = DeployFiles.composeServices();
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            Object healthArg = DeployFiles.at(compose.get(name), "build", "args", "HEALTH");
            if (healthArg == null) {
                continue;
            }
            String[] health = healthArg.toString().split(" ");
            Object readiness = DeployFiles.at(containers(workload(name)).get(0), "readinessProbe");

            if (health[0].equals("grpc")) {
                assertThat(DeployFiles.at(readiness, "grpc", "port"))
                        .as(name)
                        .isEqualTo(Addresses.parse(health[1]).port());
            } else {
                assertThat(health[1]).as(name).endsWith(String.valueOf(DeployFiles.at(readiness, "httpGet", "path")));
            }
        }
    }

    @Test
    void containers_eachHaveRequestsAndLimitsMatchingCompose() {
        Map<String, Object> compose = DeployFiles.composeServices();
        for (Map<String, Object> workload : workloads) {
            Object container = containers(workload).get(0);
            String composeName = RENAMED.entrySet().stream()
                    .filter(e -> e.getValue().equals(name(workload)))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(name(workload));
            String composeLimit =
                    String.valueOf(DeployFiles.at(compose.get(composeName), "deploy", "resources", "limits", "memory"));

            assertThat(DeployFiles.at(container, "resources", "requests", "memory"))
                    .as(name(workload))
                    .isNotNull();
            assertThat(DeployFiles.at(container, "resources", "requests", "cpu"))
                    .as(name(workload))
                    .isNotNull();
            assertThat(DeployFiles.at(container, "resources", "limits", "memory"))
                    .as(name(workload))
                    .isNotNull();
            // Docker reads "200M" as MiB, Kubernetes writes it 200Mi.
            assertThat(DeployFiles.at(container, "resources", "limits", "memory"))
                    .as(name(workload))
                    .isEqualTo(composeLimit.replace("M", "Mi"));
        }
    }

    @Test
    void modules_runTheirComposeImage() {
        Map<String, Object> compose = DeployFiles.composeServices();
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);

            assertThat(DeployFiles.at(containers(workload(name)).get(0), "image"))
                    .as(name)
                    .isEqualTo(DeployFiles.at(compose.get(name), "image"));
        }
    }

    @Test
    void modules_readTheSharedConfigAndNoServiceLinks() {
        for (String module : DeployFiles.serviceModules()) {
            Map<String, Object> workload = workload(DeployFiles.moduleName(module));

            assertThat(DeployFiles.at(workload, "spec", "template", "spec", "enableServiceLinks"))
                    .isEqualTo(false);
            assertThat(DeployFiles.list(DeployFiles.at(containers(workload).get(0), "envFrom")))
                    .anySatisfy(source -> assertThat(DeployFiles.at(source, "configMapRef", "name"))
                            .isEqualTo("shop-config"));
        }
    }

    @Test
    void config_isTheEnvFileWithKubernetesNames() {
        Map<String, String> env = DeployFiles.env();

        config.forEach((variable, value) -> {
            assertThat(env).as("%s is a variable of deploy/.env", variable).containsKey(variable);
            String expected = env.get(variable);
            for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
                expected = expected.replace("@" + rename.getKey() + ":", "@" + rename.getValue() + ":");
            }
            assertThat(value).as(variable).isEqualTo(expected);
        });
    }

    @Test
    void config_hasEveryEnvFileVariableComposePasses() {
        Map<String, String> env = DeployFiles.env();
        DeployFiles.composeServices()
                .forEach((name, service) -> DeployFiles.map(DeployFiles.at(service, "environment")).keySet().stream()
                        .filter(env::containsKey)
                        .forEach(variable -> assertThat(config)
                                .as("%s of %s", variable, name)
                                .containsKey(variable)));
    }

    @Test
    void addressVariables_nameAServiceAndAPortItServes() {
        Map<String, Map<String, Object>> services = services();
        config.forEach((variable, value) -> {
            if (Addresses.isAddressVariable(variable)) {
                Addresses.Target target = Addresses.parse(String.valueOf(value));
                assertThat(services).as("%s = %s", variable, value).containsKey(target.host());
                assertThat(servicePorts(services.get(target.host())))
                        .as("%s = %s", variable, value)
                        .contains(target.port());
            }
        });
    }

    @Test
    void modules_getTheirOwnJvmOptionsFromTheSharedConfigAsInCompose() {
        Map<String, Object> compose = DeployFiles.composeServices();
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);
            Object composed = DeployFiles.at(compose.get(name), "environment", "SERVICE_JAVA_OPTS");
            Object fromConfig = DeployFiles.list(
                            DeployFiles.at(containers(workload(name)).get(0), "env"))
                    .stream()
                    .filter(variable -> "SERVICE_JAVA_OPTS".equals(DeployFiles.at(variable, "name")))
                    .map(variable -> config.get(DeployFiles.at(variable, "valueFrom", "configMapKeyRef", "key")))
                    .findFirst()
                    .orElse(null);

            assertThat(fromConfig).as(name).isEqualTo(composed);
        }
    }

    @Test
    void modules_nameThemselvesForTelemetryAsInCompose() {
        Map<String, Object> compose = DeployFiles.composeServices();
        for (String module : DeployFiles.serviceModules()) {
            String name = DeployFiles.moduleName(module);

            assertThat(environment(containers(workload(name)).get(0)))
                    .as(name)
                    .containsEntry(
                            "OTEL_SERVICE_NAME", DeployFiles.at(compose.get(name), "environment", "OTEL_SERVICE_NAME"));
        }
    }

    @Test
    void pulledImages_runAsInComposeWithTheSameArgumentsAndEnvironment() {
        DeployFiles.composeServices().forEach((composeName, service) -> {
            if (DeployFiles.at(service, "build") != null) {
                return;
            }
            Object container = containers(workload(RENAMED.getOrDefault(composeName, composeName)))
                    .get(0);

            assertThat(DeployFiles.at(container, "image")).as(composeName).isEqualTo(DeployFiles.at(service, "image"));
            // Compose's command replaces the image's CMD, as Kubernetes' args do.
            assertThat(DeployFiles.list(DeployFiles.at(container, "args")))
                    .as(composeName)
                    .isEqualTo(DeployFiles.list(DeployFiles.at(service, "command")));
            // Kubernetes may add (PostgreSQL's data folder below its volume's root), never differ.
            assertThat(environment(container))
                    .as(composeName)
                    .containsAllEntriesOf(DeployFiles.map(DeployFiles.at(service, "environment")));
        });
    }

    @Test
    void pulledImages_serveThePortsCompose() {
        DeployFiles.composeServices().forEach((composeName, service) -> {
            if (DeployFiles.at(service, "build") != null) {
                return;
            }
            String name = RENAMED.getOrDefault(composeName, composeName);

            assertThat(containerPorts(workload(name)))
                    .as(name)
                    .containsExactlyInAnyOrderElementsOf(
                            Addresses.composeListenPorts(composeName, DeployFiles.map(service)));
        });
    }

    @Test
    void configMaps_holdTheFilesComposeMountsAtTheSamePaths() {
        DeployFiles.composeServices().forEach((composeName, service) -> {
            Map<String, String> mounted = Volumes.composeFiles(DeployFiles.map(service));
            if (mounted.isEmpty()) {
                return;
            }
            Map<String, String> inKubernetes =
                    Volumes.kubernetesFiles(workload(RENAMED.getOrDefault(composeName, composeName)));

            assertThat(inKubernetes).as(composeName).containsOnlyKeys(mounted.keySet());
            mounted.forEach((path, text) -> assertThat(inKubernetes.get(path))
                    .as("%s in %s", path, composeName)
                    .isEqualTo(text));
        });
        assertThat(Volumes.kubernetesFiles(workload("grafana")))
                .containsKeys("/etc/grafana/dashboards/services.json", "/etc/grafana/dashboards/collector.json");
    }

    @Test
    void postgres_isAStatefulSetWithAVolume() {
        Map<String, Object> postgres = workload("ffs-postgres");

        assertThat(postgres.get("kind")).isEqualTo("StatefulSet");
        assertThat(DeployFiles.list(DeployFiles.at(postgres, "spec", "volumeClaimTemplates")))
                .hasSize(1);
    }

    @Test
    void pods_runAsNonRoot() {
        for (Map<String, Object> workload : workloads) {
            assertThat(DeployFiles.at(workload, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                    .as(name(workload))
                    .isEqualTo(true);
        }
    }

    private static List<Map<String, Object>> workloads() {
        return DeployFiles.kubernetes().stream()
                .filter(d -> List.of("Deployment", "StatefulSet").contains(d.get("kind")))
                .toList();
    }

    private Map<String, Object> workload(String name) {
        return workloads.stream()
                .filter(w -> name(w).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
    }

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new HashMap<>();
        DeployFiles.kubernetes("Service").forEach(s -> services.put(name(s), s));
        return services;
    }

    private static String name(Map<String, Object> document) {
        return String.valueOf(DeployFiles.at(document, "metadata", "name"));
    }

    /** A container's env entries with a value, as name to value (the ones from the shared config are left out). */
    private static Map<String, Object> environment(Object container) {
        Map<String, Object> environment = new HashMap<>();
        for (Object variable : DeployFiles.list(DeployFiles.at(container, "env"))) {
            if (DeployFiles.at(variable, "value") != null) {
                environment.put(String.valueOf(DeployFiles.at(variable, "name")), DeployFiles.at(variable, "value"));
            }
        }
        return environment;
    }

    private static List<Object> containers(Map<String, Object> workload) {
        return DeployFiles.list(DeployFiles.at(workload, "spec", "template", "spec", "containers"));
    }

    private static List<Integer> containerPorts(Map<String, Object> workload) {
        return containers(workload).stream()
                .flatMap(c -> DeployFiles.list(DeployFiles.at(c, "ports")).stream())
                .map(p -> (Integer) DeployFiles.at(p, "containerPort"))
                .toList();
    }

    private static List<Integer> servicePorts(Map<String, Object> service) {
        return DeployFiles.list(DeployFiles.at(service, "spec", "ports")).stream()
                .map(p -> {
                    assertThat(DeployFiles.at(p, "targetPort"))
                            .as("targetPort of %s", name(service))
                            .isEqualTo(DeployFiles.at(p, "port"));
                    return (Integer) DeployFiles.at(p, "port");
                })
                .toList();
    }

    private static Object firstNonNull(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
