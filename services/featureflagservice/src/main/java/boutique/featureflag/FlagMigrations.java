package boutique.featureflag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The schema and the scenario flags, as Flyway migrations under {@code db/migration}. A database that Flyway
 * has already brought to the newest of them, with no failed one on record, is found so with one query and left
 * as it is; any other (a new one, one behind, one with a failed migration, one whose history cannot be read) is
 * migrated and validated by Flyway, checksums of the applied migrations included. The query matters at a
 * restart: it is on the way to SERVING, and Flyway's check of a current schema takes 160-210 ms on the idle
 * 2-core machine and 0.8-1.4 s while the rest of the shop is busy, against 0.02 s and 0.2-0.25 s for the
 * query. While the database does not answer, Flyway's own connection retries wait for it (1 s, 2 s, 4 s... up
 * to {@code shop.store.max-retry-delay} apart, a WARN each time) for as long as it takes, so a service started
 * before its database never exits in a loop.
 */
@Component
class FlagMigrations {

    private static final Logger log = LoggerFactory.getLogger(FlagMigrations.class);

    private static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d{1,9})__.+\\.sql");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");

    private final StoreProperties properties;
    private final int newest;

    FlagMigrations(StoreProperties properties) {
        this.properties = properties;
        this.newest = newestMigration();
    }

    void migrate(DataSource dataSource) {
        long started = System.nanoTime();
        if (appliedVersion(dataSource).orElse(-1) == newest) {
            log.info("flag schema at version {} (current), checked in {} ms", newest, millisSince(started));
            return;
        }
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + LOCATION)
                .validateOnMigrate(true)
                .connectRetries(Integer.MAX_VALUE)
                .connectRetriesInterval(DataSources.seconds(properties.maxRetryDelay()))
                .load()
                .migrate();
        log.info(
                "flag schema at version {} ({} migrations applied now), checked in {} ms",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted,
                millisSince(started));
    }

    /**
     * The newest version Flyway applied, when every migration on record succeeded and every version is a whole
     * number as ours are; empty when there is no history yet, or it cannot be read (Flyway then waits for the
     * database and says what is wrong).
     */
    private static OptionalInt appliedVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet history = statement.executeQuery(
                        "select version, success from flyway_schema_history where version is not null")) {
            int applied = -1;
            while (history.next()) {
                String version = history.getString(1);
                if (!history.getBoolean(2) || !WHOLE_NUMBER.matcher(version).matches()) {
                    return OptionalInt.empty();
                }
                applied = Math.max(applied, Integer.parseInt(version));
            }
            return applied < 0 ? OptionalInt.empty() : OptionalInt.of(applied);
        } catch (SQLException e) {
            log.debug("no readable migration history, Flyway checks: {}", e.toString());
            return OptionalInt.empty();
        }
    }

    /** The highest version among the migrations this build carries. */
    private static int newestMigration() {
        try {
            int newest = -1;
            for (Resource migration :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:" + LOCATION + "/V*.sql")) {
                Matcher versioned = VERSIONED.matcher(String.valueOf(migration.getFilename()));
                if (!versioned.matches()) {
                    throw new IllegalStateException(
                            "migration " + migration.getFilename() + " is not named V<n>__<what>.sql");
                }
                newest = Math.max(newest, Integer.parseInt(versioned.group(1)));
            }
            if (newest < 0) {
                throw new IllegalStateException("no migrations under classpath:" + LOCATION);
            }
            return newest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
