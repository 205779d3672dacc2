package boutique.kit.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throwaway database on the PostgreSQL the tests use ({@link TestServers#postgresUrl()}: the one of
 * {@code TEST_DATABASE_URL}, else the local one on 127.0.0.1:5432, else a container), so a test never writes
 * into a database someone else keeps. Dropped on close.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final String credentials;
    private final String user;
    private final String password;
    private final String server;
    private final String adminDatabase;
    private final String name;

    private ScratchDatabase(URI admin, String name) {
        this.credentials = admin.getRawUserInfo() == null ? "" : admin.getRawUserInfo() + "@";
        String userInfo = admin.getUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        this.user = userInfo == null ? null : colon < 0 ? userInfo : userInfo.substring(0, colon);
        this.password = colon < 0 ? null : userInfo.substring(colon + 1);
        this.server = admin.getHost() + ":" + (admin.getPort() < 0 ? 5432 : admin.getPort());
        String path = admin.getPath() == null ? "" : admin.getPath().replaceFirst("^/", "");
        this.adminDatabase = path.isEmpty() ? "postgres" : path;
        this.name = name;
    }

    /** Creates a database named {@code prefix} and a random suffix. */
    public static ScratchDatabase create(String prefix) {
        ScratchDatabase scratch = new ScratchDatabase(
                URI.create(TestServers.postgresUrl()),
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        scratch.execute("CREATE DATABASE " + scratch.name);
        return scratch;
    }

    /** The database's generated name. */
    public String name() {
        return name;
    }

    /** The database in the {@code postgresql://user[:password]@host:port/name} form DATABASE_URL takes. */
    public String url() {
        return "postgresql://" + credentials + server + "/" + name;
    }

    /** A connection to the database, as the login that created it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/" + name, user, password);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String ddl) {
        // Database names cannot be bound as parameters; ours is the caller's prefix and a UUID's digits.
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://" + server + "/" + adminDatabase, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
    }
}
