package boutique.featureflag;

import boutique.kit.testing.ScratchDatabase;
import boutique.kit.testing.TestServers;
import io.opentelemetry.api.OpenTelemetry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A {@link FlagDatabase} opened and migrated outside Spring, for tests of the store and the rpcs. */
final class StoreFixture {

    private StoreFixture() {}

    static StoreProperties properties(String databaseUrl, boolean embeddedFallback, Path embeddedDir) {
        return new StoreProperties(
                databaseUrl,
                embeddedFallback,
                embeddedDir,
                null,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1));
    }

    /** {@code host:port} of the PostgreSQL the tests use ({@link TestServers#postgresUrl()}). */
    static String testServer() {
        String jdbcUrl = DatabaseUrl.parse(TestServers.postgresUrl()).display();
        return jdbcUrl.substring("jdbc:postgresql://".length(), jdbcUrl.lastIndexOf('/'));
    }

    /**
     * A scratch database for a service started by Spring in the test, which keeps its flags there (no embedded
     * fallback) and serves gRPC on a free port. The test drops it.
     */
    static ScratchDatabase scratchDatabaseFor(DynamicPropertyRegistry registry, String prefix) {
        ScratchDatabase scratch = ScratchDatabase.create(prefix);
        registry.add("shop.store.database-url", scratch::url);
        registry.add("shop.store.embedded-fallback", () -> "false");
        registry.add("shop.grpc.port", () -> "0");
        return scratch;
    }

    static FlagDatabase open(StoreProperties properties) throws Exception {
        FlagDatabase database = new FlagDatabase(OpenTelemetry.noop());
        FlagDatabaseOpener opener = opener(properties, database);
        opener.start();
        opener.run(null);
        return database;
    }

    /**
     * A PostgreSQL of the test's own on {@code port}, from the binaries the service unpacks (zonky's own unpacking
     * needs a large heap, and breaks for good when interrupted).
     */
    static EmbeddedPostgres startPostgres(int port, Path dataDir) throws IOException {
        PostgresBinaries binaries =
                PostgresBinaries.under(properties("", true, null).embeddedBinariesDir());
        return EmbeddedDatabase.builder(binaries, dataDir).setPort(port).start();
    }

    static FlagDatabaseOpener opener(StoreProperties properties, FlagDatabase database) {
        return new FlagDatabaseOpener(
                properties,
                database,
                new LocalDatabaseCheck(properties),
                new DataSources(properties),
                new FlagMigrations(properties),
                new EmbeddedDatabase(properties));
    }
}
