package boutique.featureflag;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The schema and the scenario flags, as Flyway migrations under {@code db/migration}, applied and validated
 * (checksums of the applied ones included) at every start. On a current database that check takes 160-210 ms
 * on the 2-core machine, while the web and gRPC servers start (see {@link FlagDatabaseOpener}): not worth
 * skipping. While the database does not answer, Flyway's own connection retries wait for it (1 s, 2 s, 4 s... up
 * to {@code shop.store.max-retry-delay} apart, a WARN each time) for as long as it takes, so a service started
 * before its database never exits in a loop.
 */
@Component
class FlagMigrations {

    private static final Logger log = LoggerFactory.getLogger(FlagMigrations.class);

    private final StoreProperties properties;

    FlagMigrations(StoreProperties properties) {
        this.properties = properties;
    }

    void migrate(DataSource dataSource) {
        long started = System.nanoTime();
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateOnMigrate(true)
                .connectRetries(Integer.MAX_VALUE)
                .connectRetriesInterval(DataSources.seconds(properties.maxRetryDelay()))
                .load()
                .migrate();
        log.info(
                "flag schema at version {} ({} migrations applied now), checked in {} ms",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted,
                (System.nanoTime() - started) / 1_000_000);
    }
}
