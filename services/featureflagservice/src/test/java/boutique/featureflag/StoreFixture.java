package boutique.featureflag;

import java.nio.file.Path;
import java.time.Duration;

/** A {@link FlagDatabase} opened and migrated outside Spring, for tests of the store and the rpcs. */
final class StoreFixture {

    private StoreFixture() {}

    static StoreProperties properties(String databaseUrl, boolean embeddedFallback, Path embeddedDir) {
        return new StoreProperties(
                databaseUrl,
                embeddedFallback,
                embeddedDir,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1));
    }

    static FlagDatabase open(StoreProperties properties) throws InterruptedException {
        FlagDatabase database = new FlagDatabase(properties);
        database.run(null);
        return database;
    }
}
