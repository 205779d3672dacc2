package boutique.deploy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Where an address variable points and which ports each compose service listens on. */
final class Addresses {

    /** Images we do not build, and the port each listens on. */
    private static final Map<String, Integer> THIRD_PARTY_PORTS = Map.of("redis:", 6379, "postgres:", 5432);

    private Addresses() {}

    record Target(String host, int port) {

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Parses {@code host:port}, {@code http://host:port} or {@code postgresql://user:pw@host:port/db}. */
    static Target parse(String address) {
        // By hand rather than java.net.URI, which refuses compose's "ffs_postgres" as a host name.
        String rest = address.replaceFirst("^[a-z]+://", "")
                .replaceFirst("^[^@/]*@", "")
                .replaceFirst("/.*$", "");
        int colon = rest.lastIndexOf(':');
        if (colon < 1 || !rest.substring(colon + 1).matches("\\d+")) {
            throw new IllegalArgumentException("no host:port in " + address);
        }
        return new Target(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
    }

    /** The variables whose value is another service's address: every *_ADDR, DATABASE_URL and LOCUST_HOST. */
    static boolean isAddressVariable(String name) {
        return name.endsWith("_ADDR") || name.equals("DATABASE_URL") || name.equals("LOCUST_HOST");
    }

    /** Ports a compose service listens on: what its image EXPOSEs (with its build arguments), or a known image's. */
    static Set<Integer> composeListenPorts(String name, Map<String, Object> service) {
        Set<Integer> ports = new LinkedHashSet<>();
        String dockerfile = dockerfilePath(service);
        if (dockerfile != null) {
            Map<String, String> args = new java.util.HashMap<>();
            DeployFiles.map(DeployFiles.at(service, "build", "args")).forEach((k, v) -> args.put(k, String.valueOf(v)));
            for (String expose : Dockerfile.read(dockerfile).last().all("EXPOSE")) {
                Arrays.stream(DeployFiles.interpolate(expose, args).trim().split("\\s+"))
                        .map(Integer::valueOf)
                        .forEach(ports::add);
            }
        }
        String image = String.valueOf(service.get("image"));
        THIRD_PARTY_PORTS.forEach((prefix, port) -> {
            if (image.startsWith(prefix)) {
                ports.add(port);
            }
        });
        return ports;
    }

    /** The Dockerfile a compose service builds, relative to the repository root; null for a pulled image. */
    static String dockerfilePath(Map<String, Object> service) {
        Object context = DeployFiles.at(service, "build", "context");
        if (context == null) {
            return null;
        }
        Object dockerfile = DeployFiles.at(service, "build", "dockerfile");
        Path path = Path.of("deploy")
                .resolve(String.valueOf(context))
                .resolve(dockerfile == null ? "Dockerfile" : dockerfile.toString());
        return path.normalize().toString();
    }
}
