package boutique.featureflag;

import boutique.kit.ShopException;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The flags' database once it is open: the store's JDBC access, UNAVAILABLE until {@link FlagDatabaseOpener} has
 * connected and migrated it. Every statement the store runs is a client span (the migrations, which use their own
 * connections, are not). At shutdown it closes the pool, then the embedded server when there is one.
 */
@Component
class FlagDatabase implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FlagDatabase.class);

    private final JdbcTelemetry telemetry;
    private volatile JdbcClient jdbc;
    private volatile String description = "not connected yet";
    private HikariDataSource pool;
    private EmbeddedPostgres server;
    private boolean closed;

    FlagDatabase(OpenTelemetry openTelemetry) {
        this.telemetry = JdbcTelemetry.create(openTelemetry);
    }

    /** The store's JDBC access; UNAVAILABLE until the database is open. */
    JdbcClient jdbc() {
        JdbcClient client = jdbc;
        if (client == null) {
            throw ShopException.unavailable("the feature flag store is starting: PostgreSQL is not ready yet");
        }
        return client;
    }

    /** Where the flags live, for the UI's footer, the health details and the logs. */
    String description() {
        return description;
    }

    boolean isReady() {
        return jdbc != null;
    }

    void connecting(String where) {
        description = "waiting for " + where;
    }

    /** Serves the store from this pool from now on; an embedded server is stopped with it at shutdown. */
    synchronized void opened(HikariDataSource pool, EmbeddedPostgres server, String where) {
        if (closed) {
            close(pool, server);
            return;
        }
        this.pool = pool;
        this.server = server;
        description = where;
        jdbc = JdbcClient.create(telemetry.wrap(pool));
        log.info("feature flags stored in {}", where);
    }

    @Override
    public synchronized void destroy() {
        closed = true;
        jdbc = null;
        close(pool, server);
    }

    /** Closes the pool, then the server it connects to (either may be null). */
    static void close(HikariDataSource pool, EmbeddedPostgres server) {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
