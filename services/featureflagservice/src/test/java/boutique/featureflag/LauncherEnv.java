package boutique.featureflag;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment the launcher gives the flag service: its ports and a DATABASE_URL (ServiceProcess adds the
 * shop's JVM options, with their -Xmx40m and -XX:+ExitOnOutOfMemoryError).
 */
final class LauncherEnv {

    private LauncherEnv() {}

    static Map<String, String> of(int grpcPort, int httpPort, String databaseUrl) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "FEATURE_FLAG_GRPC_SERVICE_PORT",
                String.valueOf(grpcPort),
                "FEATURE_FLAG_SERVICE_PORT",
                String.valueOf(httpPort),
                "DATABASE_URL",
                databaseUrl));
        return env;
    }
}
