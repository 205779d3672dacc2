package boutique.deploy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Where an address variable points and which ports each compose service listens on. */
final class Addresses {

    /** Images we do not build, and the port each listens on. */
    private static final Map<String, Integer> THIRD_PARTY_PORTS = Map.of("redis:", 6379, "postgres:", 5432);

    private Addresses() {
    }

    record Target(String host, int port) {

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Parses {@code host:port}, {@code http://host:port} or {@code postgresql://user:pw@host:port/db}. */
    static Target parse(String address) {
        // By hand rather than java.net.URI, which refuses compose's "ffs_postgres" as a host name.
        String rest = address.replaceFirst("^[a-z]+://", "").replaceFirst("^[^@/]*@", "").replaceFirst("/.*$", "");
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

    /** Ports a compose service listens on: our images say so in the PORTS build argument. */
    static Set<Integer> composeListenPorts(String name, Map<String, Object> service) {
        Set<Integer> ports = new LinkedHashSet<>();
        Object declared = DeployFiles.at(service, "build", "args", "PORTS");
        if (declared != null) {
            Arrays.stream(declared.toString().trim().split("\\s+")).map(Integer::valueOf).forEach(ports::add);
        }
        String image = String.valueOf(service.get("image"));
        THIRD_PARTY_PORTS.forEach((prefix, port) -> {
            if (image.startsWith(prefix)) {
                ports.add(port);
            }
        });
        if (name.equals("frontendproxy")) {
            ports.add(EnvoyConfig.listenerPort());
        }
        return ports;
    }
}
