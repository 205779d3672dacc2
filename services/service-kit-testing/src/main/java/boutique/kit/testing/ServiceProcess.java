package boutique.kit.testing;

import boutique.kit.HealthProbe;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A built service started as a real JVM process, the way the launcher starts it (with the shop's JVM options),
 * for integration tests
 * that call it over TCP. It waits until the service reports healthy and stops it on close; its output goes
 * to {@code target/it-logs/<name>.log} of the module running the test.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Process process;
    private final Path log;
    private final BooleanSupplier healthy;
    private final int grpcPort;
    private ManagedChannel channel;

    private ServiceProcess(String name, Process process, Path log, BooleanSupplier healthy, int grpcPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.healthy = healthy;
        this.grpcPort = grpcPort;
    }

    /** Starts {@code services/<module>} from its built jar with this environment, and waits for gRPC health. */
    public static ServiceProcess startGrpc(String module, int port, Map<String, String> env) {
        return start(module, env, () -> HealthProbe.grpcServing("127.0.0.1:" + port, Duration.ofSeconds(1)), port);
    }

    /**
     * Starts {@code services/<module>} on a free port, handed to it in the variable {@code portVariable} besides
     * {@code env}, and waits for gRPC health; {@link #channel()} reaches it.
     */
    public static ServiceProcess startGrpc(String module, String portVariable, Map<String, String> env) {
        int port = freePort();
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put(portVariable, String.valueOf(port));
        return startGrpc(module, port, withPort);
    }

    /** Starts {@code services/<module>} and waits until {@code healthUrl} answers 2xx. */
    public static ServiceProcess startHttp(String module, String healthUrl, Map<String, String> env) {
        return start(module, env, () -> HealthProbe.httpOk(healthUrl, Duration.ofSeconds(1)));
    }

    public static ServiceProcess start(String module, Map<String, String> env, BooleanSupplier healthy) {
        return start(module, env, healthy, -1);
    }

    private static ServiceProcess start(String module, Map<String, String> env, BooleanSupplier healthy, int grpcPort) {
        Path jar = jarOf(module);
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(module + ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            if (!env.containsKey("JAVA_TOOL_OPTIONS")) {
                command.addAll(List.of(shopJavaOptions().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            ServiceProcess service = new ServiceProcess(module, builder.start(), log, healthy, grpcPort);
            service.awaitHealthy(Duration.ofSeconds(60));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JVM options every service runs with in the shop ({@code SHOP_JAVA_OPTS} of deploy/.env: a 40 MB heap
     * that exits on running out, the C1 compiler, small stacks). Services start with them unless the test sets
     * its own {@code JAVA_TOOL_OPTIONS}.
     */
    public static String shopJavaOptions() {
        Path dotEnv = projectRoot().resolve("deploy").resolve(".env");
        try {
            return Files.readAllLines(dotEnv).stream()
                    .filter(line -> line.startsWith("SHOP_JAVA_OPTS="))
                    .map(line -> line.substring("SHOP_JAVA_OPTS=".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no SHOP_JAVA_OPTS in " + dotEnv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resident memory of the process, in MB. */
    public long rssMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                            .filter(line -> line.startsWith("VmRSS:"))
                            .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                            .findFirst()
                            .orElse(0)
                    / 1024;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A plaintext channel to the gRPC service started by {@link #startGrpc}, made on first use and shut down
     * with the service.
     */
    public synchronized ManagedChannel channel() {
        if (grpcPort < 0) {
            throw new IllegalStateException(name + " was not started as a gRPC service");
        }
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort)
                    .usePlaintext()
                    .build();
        }
        return channel;
    }

    /** The overall gRPC health of what listens on 127.0.0.1:{@code port}, or null when it does not answer. */
    public static ServingStatus grpcHealth(int port) {
        ManagedChannel health =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(health)
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
        } catch (StatusRuntimeException e) {
            return null;
        } finally {
            health.shutdownNow();
        }
    }

    /** What {@link #holdIdleConnections} saw: how many connections it opened, and the service alive with them. */
    public record IdleConnections(int opened, boolean aliveWhileOpen) {}

    /**
     * Opens up to {@code count} TCP connections to the service's {@code port} that send nothing (fewer if this
     * process may open no more files), holds them for {@code hold}, notes whether the service is still alive,
     * closes them, and gives the service up to 20 s to answer its health check again.
     */
    public IdleConnections holdIdleConnections(int port, int count, Duration hold) throws InterruptedException {
        List<SocketChannel> connections = new ArrayList<>();
        boolean alive;
        try {
            try {
                for (int i = 0; i < count; i++) {
                    SocketChannel connection = SocketChannel.open();
                    connections.add(connection);
                    connection.configureBlocking(false);
                    connection.connect(new InetSocketAddress("127.0.0.1", port));
                }
            } catch (IOException tooManyOpenFiles) {
                // as many as this machine lets one process open
            }
            Thread.sleep(hold.toMillis());
            alive = process.isAlive();
        } finally {
            for (SocketChannel connection : connections) {
                try {
                    connection.close();
                } catch (IOException e) {
                    // closing a connection the service may have dropped
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!healthy.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return new IdleConnections(connections.size(), alive);
    }

    /**
     * A TCP port nobody listens on right now, and none this method has returned before in this JVM. The kernel
     * may hand out a port again as soon as the socket that found it is closed: a test that asks for a port per
     * service once gave the frontend and the flag service's UI the same one.
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The project's root folder (the one holding mvnw), found from the working directory upwards. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "not inside the project: no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path jarOf(String module) {
        Path target = projectRoot().resolve("services").resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no built jar in " + target + ": build " + module));
        } catch (IOException e) {
            throw new IllegalStateException("no built jar in " + target + ": build " + module, e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (healthy.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException(name + " did not become healthy in " + timeout + ":\n" + tail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines the service printed. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the service the way a container stop does (SIGTERM), forcing it after 10 seconds. */
    @Override
    public void close() {
        synchronized (this) {
            if (channel != null) {
                try {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
