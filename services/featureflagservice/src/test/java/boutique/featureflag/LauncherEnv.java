package boutique.featureflag;

import boutique.kit.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment the launcher gives the flag service: its ports, a DATABASE_URL, and the shop's JVM options
 * (SHOP_JAVA_OPTS of deploy/.env, with its -Xmx40m and -XX:+ExitOnOutOfMemoryError) as JAVA_TOOL_OPTIONS.
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
        env.put("JAVA_TOOL_OPTIONS", shopJavaOptions());
        return env;
    }

    /** SHOP_JAVA_OPTS as deploy/.env sets it. */
    static String shopJavaOptions() throws IOException {
        Path dotEnv = ServiceProcess.projectRoot().resolve("deploy").resolve(".env");
        List<String> lines = Files.readAllLines(dotEnv);
        return lines.stream()
                .filter(line -> line.startsWith("SHOP_JAVA_OPTS="))
                .map(line -> line.substring(line.indexOf('=') + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no SHOP_JAVA_OPTS in " + dotEnv));
    }

    /** Resident memory of a process, in MB. */
    static long rssMb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                        .findFirst()
                        .orElseThrow()
                / 1024;
    }
}
