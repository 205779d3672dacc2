package boutique.kit.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Redis and PostgreSQL the tests talk to, found the way a developer has them: the server named in the
 * environment ({@code REDIS_ADDR}, {@code TEST_DATABASE_URL}), else the local default when it answers
 * (Redis on 127.0.0.1:6379, PostgreSQL on 127.0.0.1:5432 as {@code postgres} with trust authentication),
 * else a container started by Testcontainers when a Docker engine answers. Containers are started once per
 * test JVM and removed by Testcontainers when it ends.
 */
public final class TestServers {

    /** The images compose runs. */
    static final String REDIS_IMAGE = "redis:7.4.2-alpine";

    static final String POSTGRES_IMAGE = "postgres:16.8-alpine";

    private static String redis;
    private static String postgres;

    private TestServers() {}

    /** {@code host:port} of a Redis for tests. */
    public static synchronized String redisAddress() {
        if (redis == null) {
            redis = find("REDIS_ADDR", "127.0.0.1:6379", TestServers::redisContainer, "Redis");
        }
        return redis;
    }

    /**
     * A PostgreSQL login that may create databases, as {@code postgresql://user[:password]@host:port/postgres}
     * (the form {@code DATABASE_URL} takes).
     */
    public static synchronized String postgresUrl() {
        if (postgres == null) {
            String address = find("TEST_DATABASE_URL", "127.0.0.1:5432", TestServers::postgresContainer, "PostgreSQL");
            postgres = address.contains("://") ? address : "postgresql://postgres@" + address + "/postgres";
        }
        return postgres;
    }

    /** Whether a Docker engine answers, so Testcontainers can start what the machine lacks. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String find(String variable, String localDefault, ContainerStarter container, String what) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (answers(localDefault)) {
            return localDefault;
        }
        if (dockerAvailable()) {
            return container.start();
        }
        throw new IllegalStateException("no " + what + " for the tests: " + variable
                + " is not set, nothing answers at "
                + localDefault + " and no Docker engine answers for Testcontainers. Run ./shop test, which starts one"
                + " (installing it when missing), or start Docker.");
    }

    private interface ContainerStarter {
        String start();
    }

    @SuppressWarnings("resource") // removed by Testcontainers when the JVM ends
    private static String redisContainer() {
        GenericContainer<?> container = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
        container.start();
        return container.getHost() + ":" + container.getMappedPort(6379);
    }

    @SuppressWarnings("resource") // removed by Testcontainers when the JVM ends
    private static String postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername("postgres")
                .withPassword("postgres")
                .withDatabaseName("postgres");
        container.start();
        return "postgresql://postgres:postgres@" + container.getHost() + ":" + container.getMappedPort(5432)
                + "/postgres";
    }

    static boolean answers(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    300);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
