package boutique.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the deployment files the way their tools do: {@code deploy/.env} with compose's {@code ${VAR}}
 * expansion, the compose file interpolated from it, the Kubernetes manifests, the Envoy config.
 */
final class DeployFiles {

    /** Modules of the reactor that are libraries or tools, not services that run in the shop. */
    private static final Set<String> NOT_SERVICES =
            Set.of("pb", "services/service-kit", "services/service-kit-testing", "deploy", "launcher");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{(\\w+)(?::?-([^}]*))?}");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private DeployFiles() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/.env"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "deploy/.env not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/.env in file order, each value expanded with the variables above it, as compose does. */
    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read("deploy/.env").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            env.put(trimmed.substring(0, equals), interpolate(trimmed.substring(equals + 1), env));
        }
        return env;
    }

    /** Replaces ${VAR}, ${VAR:-default} and $$; a variable that is neither defined nor defaulted fails. */
    static String interpolate(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else if (variables.containsKey(matcher.group(1))) {
                replacement = variables.get(matcher.group(1));
            } else if (matcher.group(2) != null) {
                replacement = matcher.group(2);
            } else {
                throw new IllegalArgumentException("${" + matcher.group(1) + "} is not defined in deploy/.env");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    static Map<String, Object> yaml(String text) {
        return new Yaml(strictOptions()).load(text);
    }

    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(strictOptions()).loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    /** The compose file with every string interpolated from deploy/.env, as {@code docker compose} sees it. */
    static Map<String, Object> compose() {
        return map(interpolateAll(yaml(read("deploy/docker-compose.yml")), env()));
    }

    static Map<String, Object> composeServices() {
        return map(compose().get("services"));
    }

    /** Every document of every file in deploy/kubernetes/. */
    static List<Map<String, Object>> kubernetes() {
        try (Stream<Path> files = Files.list(path("deploy/kubernetes"))) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(yamlDocuments(Files.readString(file)));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> kubernetes(String kind) {
        return kubernetes().stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The runnable modules of the reactor (services/<name> and loadgenerator), as listed in the root pom. */
    static List<String> serviceModules() {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(read("pom.xml"));
        while (matcher.find()) {
            if (!NOT_SERVICES.contains(matcher.group(1))) {
                modules.add(matcher.group(1));
            }
        }
        return modules;
    }

    static String moduleName(String module) {
        return module.substring(module.lastIndexOf('/') + 1);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** Follows a path of map keys, e.g. {@code at(service, "deploy", "resources", "limits", "memory")}. */
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static Object interpolateAll(Object node, Map<String, String> variables) {
        if (node instanceof String text) {
            return interpolate(text, variables);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> result.put(String.valueOf(key), interpolateAll(value, variables)));
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> interpolateAll(item, variables)).toList();
        }
        return node;
    }

    private static LoaderOptions strictOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return options;
    }
}
