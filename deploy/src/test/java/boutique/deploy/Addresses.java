package boutique.deploy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Where an address variable points and which ports each compose service listens on. */
final class Addresses {

    /** Images we do not build, and the ports each listens on (the observability stack's from its configs). */
    private static final Map<String, Supplier<Set<Integer>>> THIRD_PARTY_PORTS = Map.of(
            "redis:", () -> Set.of(6379),
            "postgres:", () -> Set.of(5432),
            "otel/opentelemetry-collector-contrib:", Observability::collectorPorts,
            "jaegertracing/jaeger:", Observability::jaegerPorts,
            "prom/prometheus:", () -> Set.of(Observability.PROMETHEUS_PORT),
            "grafana/grafana:", () -> Set.of(Observability.GRAFANA_PORT));

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

    /**
     * The variables whose value is another service's address: every *_ADDR, DATABASE_URL, LOCUST_HOST and the
     * OTLP endpoints of the collector (not PUBLIC_OTEL_..., which is where a browser would send its spans).
     */
    static boolean isAddressVariable(String name) {
        return name.endsWith("_ADDR")
                || name.equals("DATABASE_URL")
                || name.equals("LOCUST_HOST")
                || name.startsWith("OTEL_EXPORTER_OTLP") && name.endsWith("_ENDPOINT");
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
        THIRD_PARTY_PORTS.forEach((prefix, listening) -> {
            if (image.startsWith(prefix)) {
                ports.addAll(listening.get());
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
