package boutique.kit.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.PortBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis of the test's own on a free port, which the test can stop and start again (an outage: connections
 * refused) or freeze and thaw (a hang: commands get no answer), without touching the Redis others share. It
 * keeps its data in an append-only file, as a Redis with persistence does, so after a restart the test can
 * tell a lost cart from an outage. It is {@code redis-server} from the PATH, or, without one, a container on a
 * fixed port when a Docker engine answers.
 */
public abstract class TestRedis implements AutoCloseable {

    final int port = Ports.closedPort();

    /** A stopped Redis; {@link #start()} it. {@code dir} holds its data and log. */
    public static TestRedis in(Path dir) {
        if (onPath("redis-server") || !TestServers.dockerAvailable()) {
            return new Local(dir);
        }
        return new Container();
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, with the data it had) and waits until it answers. */
    public final void start() {
        launch();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!TestServers.answers(address())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis on port " + port + " did not start");
            }
            sleep(50);
        }
    }

    /** Stops it as an operator would: it writes its data and exits; connections are refused. */
    public abstract void stop();

    /** Freezes it: connections stay open but nothing is answered. */
    public abstract void freeze();

    public abstract void thaw();

    abstract void launch();

    /** Stops this Redis for good and removes what it left behind. */
    @Override
    public abstract void close();

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return path.isEmpty()
                ? false
                : java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** redis-server from the PATH, as a child process. */
    private static final class Local extends TestRedis {
        private final Path dir;
        private Process process;

        Local(Path dir) {
            this.dir = dir;
        }

        @Override
        void launch() {
            try {
                Files.createDirectories(dir);
                process = new ProcessBuilder(List.of(
                                "redis-server",
                                "--bind",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(port),
                                "--dir",
                                dir.toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "yes",
                                "--appendfsync",
                                "always"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                dir.resolve("redis.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start redis-server: install Redis, or start Docker for Testcontainers", e);
            }
        }

        @Override
        public void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void freeze() {
            signal("STOP");
        }

        @Override
        public void thaw() {
            signal("CONT");
        }

        private void signal(String name) {
            try {
                int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("kill -" + name + " exited with " + exit);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                thaw();
                process.destroyForcibly();
            }
        }
    }

    /** A Redis container whose host port stays the same across a stop and start. */
    private static final class Container extends TestRedis {
        private GenericContainer<?> container;

        @Override
        void launch() {
            if (container == null) {
                container = new GenericContainer<>(TestServers.REDIS_IMAGE)
                        .withCommand("redis-server", "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                        .withExposedPorts(6379)
                        .withCreateContainerCmdModifier(
                                cmd -> cmd.getHostConfig().withPortBindings(PortBinding.parse(port + ":6379")));
                container.start();
            } else {
                docker().startContainerCmd(container.getContainerId()).exec();
            }
        }

        @Override
        public void stop() {
            docker().stopContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void freeze() {
            docker().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void thaw() {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }

        private static DockerClient docker() {
            return DockerClientFactory.instance().client();
        }

        @Override
        public void close() {
            if (container != null) {
                container.stop();
            }
        }
    }
}
