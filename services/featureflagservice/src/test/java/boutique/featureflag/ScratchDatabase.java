package boutique.featureflag;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throwaway database on the real PostgreSQL of this machine (127.0.0.1:5432, user postgres) or of
 * {@code DATABASE_URL} when set: created for one test class and dropped after it.
 */
final class ScratchDatabase implements AutoCloseable {

    private final DatabaseUrl admin;
    private final String name;

    private ScratchDatabase(DatabaseUrl admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    static ScratchDatabase create() {
        String configured = System.getenv("DATABASE_URL");
        DatabaseUrl admin = DatabaseUrl.parse(
                configured == null || configured.isBlank()
                        ? "postgresql://postgres@127.0.0.1:5432/postgres"
                        : configured);
        String name =
                "ffs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ScratchDatabase scratch = new ScratchDatabase(admin, name);
        scratch.execute("CREATE DATABASE " + name);
        return scratch;
    }

    /** The database's generated name. */
    String name() {
        return name;
    }

    /** The scratch database in the postgresql:// form DATABASE_URL takes. */
    String url() {
        String server = admin.jdbcUrl().substring("jdbc:postgresql://".length());
        String hostAndPort = server.substring(0, server.indexOf('/'));
        String credentials = admin.user() == null
                ? ""
                : admin.user() + (admin.password() == null ? "" : ":" + admin.password()) + "@";
        return "postgresql://" + credentials + hostAndPort + "/" + name;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(DatabaseUrl.parse(url()).jdbcUrl(), admin.user(), admin.password());
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String ddl) {
        // Database names cannot be bound as parameters; ours is generated above, never user input.
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + admin.display() + ": " + e.getMessage(), e);
        }
    }
}
