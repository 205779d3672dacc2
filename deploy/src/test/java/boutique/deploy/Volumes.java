package boutique.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files a container sees: compose's bind mounts of repository files, Kubernetes' mounted ConfigMaps. */
final class Volumes {

    private Volumes() {}

    /** A compose service's bind mounts of the repository: container path to repository path (file or folder). */
    static Map<String, String> compose(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : DeployFiles.list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith(".")) {
                String source = Path.of("deploy").resolve(parts[0]).normalize().toString();
                mounts.put(parts[1], source);
            }
        }
        return mounts;
    }

    /** Every file a compose service's bind mounts show: container path to its text in the repository. */
    static Map<String, String> composeFiles(Map<String, Object> service) {
        Map<String, String> files = new LinkedHashMap<>();
        compose(service).forEach((target, source) -> {
            if (Files.isDirectory(DeployFiles.path(source))) {
                Observability.filesIn(source, "").forEach((name, text) -> files.put(target + "/" + name, text));
            } else {
                files.put(target, DeployFiles.read(source));
            }
        });
        return files;
    }

    /** Every file a workload's first container sees from ConfigMaps: container path to its text. */
    static Map<String, String> kubernetesFiles(Map<String, Object> workload) {
        Map<String, Map<String, Object>> configMaps = new LinkedHashMap<>();
        DeployFiles.kubernetes("ConfigMap")
                .forEach(c -> configMaps.put(String.valueOf(DeployFiles.at(c, "metadata", "name")), c));
        Map<String, String> volumeToConfigMap = new LinkedHashMap<>();
        for (Object volume : DeployFiles.list(DeployFiles.at(workload, "spec", "template", "spec", "volumes"))) {
            Object configMap = DeployFiles.at(volume, "configMap", "name");
            if (configMap != null) {
                volumeToConfigMap.put(String.valueOf(DeployFiles.at(volume, "name")), String.valueOf(configMap));
            }
        }
        Object container = DeployFiles.list(DeployFiles.at(workload, "spec", "template", "spec", "containers"))
                .get(0);
        Map<String, String> files = new LinkedHashMap<>();
        for (Object mount : DeployFiles.list(DeployFiles.at(container, "volumeMounts"))) {
            String configMap = volumeToConfigMap.get(String.valueOf(DeployFiles.at(mount, "name")));
            if (configMap == null) {
                continue;
            }
            if (!configMaps.containsKey(configMap)) {
                throw new AssertionError("no ConfigMap " + configMap);
            }
            String path = String.valueOf(DeployFiles.at(mount, "mountPath"));
            DeployFiles.map(configMaps.get(configMap).get("data"))
                    .forEach((key, text) -> files.put(path + "/" + key, String.valueOf(text)));
        }
        return files;
    }
}
