package boutique.featureflag;

import boutique.kit.ShopException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The connection to PostgreSQL, opened and migrated after the servers are up. Spring Boot marks the
 * application ready (and the kit turns gRPC health to SERVING) only after every runner has returned, so
 * while this one waits for the database the service answers NOT_SERVING instead of exiting in a loop.
 * Without a configured database, or when a local server has no database for us, it starts an embedded one.
 */
@Component
class FlagDatabase implements ApplicationRunner, DisposableBean, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(FlagDatabase.class);
    /** Server answered but refused us: no such role, wrong password, no such database. Retrying will not help. */
    private static final Set<String> REJECTED = Set.of("28000", "28P01", "3D000");

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    private final StoreProperties properties;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile HikariDataSource pool;
    private volatile EmbeddedPostgres embedded;
    private volatile JdbcClient jdbc;
    private volatile String description = "not connected yet";

    FlagDatabase(StoreProperties properties) {
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (properties.databaseUrl().isEmpty()) {
            log.warn(
                    "DATABASE_URL is not set: keeping the flags in an embedded PostgreSQL under {}",
                    properties.embeddedDataDir());
            useEmbedded();
            return;
        }
        DatabaseUrl url = DatabaseUrl.parse(properties.databaseUrl());
        Duration delay = Duration.ofMillis(500);
        while (closing.getCount() > 0) {
            try {
                open(url.jdbcUrl(), url.user(), url.password(), "PostgreSQL at " + url.display());
                return;
            } catch (RuntimeException e) {
                SQLException cause = sqlCause(e);
                if (properties.embeddedFallback() && isAbsentLocally(url, cause)) {
                    log.warn(
                            "PostgreSQL at {} is not usable ({}): keeping the flags in an embedded PostgreSQL under {}"
                                    + " instead. Set DATABASE_URL to a reachable database, or"
                                    + " FEATURE_FLAG_EMBEDDED_FALLBACK=false to wait for it.",
                            url.display(),
                            reason(e),
                            properties.embeddedDataDir());
                    useEmbedded();
                    return;
                }
                log.warn(
                        "PostgreSQL at {} is not ready ({}); gRPC health stays NOT_SERVING, retrying in {} ms",
                        url.display(),
                        reason(e),
                        delay.toMillis());
            }
            if (closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            delay = min(delay.multipliedBy(2), properties.maxRetryDelay());
        }
    }

    /** The store's JDBC access; UNAVAILABLE until the database is open. */
    JdbcClient jdbc() {
        JdbcClient client = jdbc;
        if (client == null) {
            throw ShopException.unavailable("the feature flag store is starting: PostgreSQL is not ready yet");
        }
        return client;
    }

    /** Where the flags live, for the UI's footer and the logs. */
    String description() {
        return description;
    }

    boolean isReady() {
        return jdbc != null;
    }

    @Override
    public Health health() {
        return isReady()
                ? Health.up().withDetail("store", description).build()
                : Health.outOfService().withDetail("store", description).build();
    }

    private void useEmbedded() {
        try {
            Path dir = properties.embeddedDataDir();
            try {
                embedded = startEmbedded(dir);
            } catch (IOException | RuntimeException e) {
                // Most often another process already runs a server on that directory.
                Path scratch = Files.createTempDirectory("featureflagservice-postgres-");
                log.warn(
                        "cannot start the embedded PostgreSQL in {} ({}); using a fresh one in {}, flags changed"
                                + " there are lost on restart",
                        dir,
                        reason(e),
                        scratch);
                embedded = startEmbedded(scratch);
            }
            open(
                    embedded.getJdbcUrl("postgres", "postgres"),
                    "postgres",
                    null,
                    "embedded PostgreSQL on port " + embedded.getPort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres startEmbedded(Path dir) throws IOException {
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
    }

    private void open(String jdbcUrl, String user, String password, String where) {
        HikariDataSource candidate = new HikariDataSource(poolConfig(jdbcUrl, user, password));
        try {
            migrate(candidate);
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
        pool = candidate;
        description = where;
        jdbc = JdbcClient.create(candidate);
        log.info("feature flags stored in {}", where);
    }

    private HikariConfig poolConfig(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("flag-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(Math.min(2, properties.poolSize()));
        // Short waits everywhere: with PostgreSQL gone a caller hears UNAVAILABLE in well under a second.
        config.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis() / 2));
        config.setValidationTimeout(250);
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", seconds(properties.connectTimeout()));
        config.addDataSourceProperty("loginTimeout", seconds(properties.connectTimeout()));
        config.addDataSourceProperty("socketTimeout", seconds(properties.queryTimeout()) + 1);
        config.addDataSourceProperty(
                "options", "-c statement_timeout=" + properties.queryTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "featureflagservice");
        return config;
    }

    private static void migrate(DataSource dataSource) {
        if (isCurrent(dataSource)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * Whether the database already holds our newest migration. Flyway costs a few hundred classes and a good
     * part of a second at every start; when there is nothing to migrate it is not loaded at all. (It would
     * also re-check the checksums of applied migrations: ours are never edited once released.)
     */
    private static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM flyway_schema_history WHERE version = ? AND success")) {
            statement.setString(1, newestMigration());
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            return false; // no history table yet: a fresh database
        }
    }

    /** The highest version among the bundled {@code db/migration/V<n>__*.sql} files. */
    private static String newestMigration() {
        try {
            Resource[] scripts =
                    new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql");
            return Arrays.stream(scripts)
                    .map(script -> MIGRATION.matcher(String.valueOf(script.getFilename())))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .max(Long::compare)
                    .map(String::valueOf)
                    .orElseThrow(() -> new IllegalStateException("no migrations bundled under db/migration"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void destroy() {
        closing.countDown();
        jdbc = null;
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    /** A local address where nothing listens, or a local server without our login or database. */
    private static boolean isAbsentLocally(DatabaseUrl url, SQLException cause) {
        if (cause == null || !url.isLocal()) {
            return false;
        }
        if (cause.getSQLState() != null && REJECTED.contains(cause.getSQLState())) {
            return true;
        }
        return hasCause(cause, ConnectException.class);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
