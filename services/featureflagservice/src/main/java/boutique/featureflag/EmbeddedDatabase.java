package boutique.featureflag;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the embedded PostgreSQL (a real PostgreSQL 14 shipped in the jar) on the configured data folder, so
 * flags survive restarts: binaries unpacked by {@link PostgresBinaries}, a server left running by a killed run
 * stopped first. Only when another live flag service holds the folder, or the server cannot start there, does it
 * fall back to a fresh scratch folder, with a WARN.
 */
@Component
class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** How long a stale server gets to shut down cleanly before it is killed. */
    private static final Duration STALE_SERVER_GRACE = Duration.ofSeconds(3);

    private final StoreProperties properties;

    EmbeddedDatabase(StoreProperties properties) {
        this.properties = properties;
    }

    EmbeddedPostgres start() throws IOException {
        PostgresBinaries binaries = PostgresBinaries.under(properties.embeddedBinariesDir());
        Path dir = properties.embeddedDataDir();
        try {
            Files.createDirectories(dir);
            if (StalePostmaster.isOwnedByLiveProcess(dir)) {
                throw new IOException("another running flag service uses it");
            }
            StalePostmaster.stopIfRunning(dir, STALE_SERVER_GRACE);
            return start(binaries, dir);
        } catch (IOException | RuntimeException e) {
            Path scratch = Files.createTempDirectory("featureflagservice-postgres-");
            log.warn(
                    "cannot start the embedded PostgreSQL in {} ({}); using a fresh one in {}, flags changed"
                            + " there are lost on restart",
                    dir,
                    Failures.reason(e),
                    scratch);
            return start(binaries, scratch);
        }
    }

    private static EmbeddedPostgres start(PostgresBinaries binaries, Path dir) throws IOException {
        return builder(binaries, dir).setPGStartupWait(Duration.ofSeconds(30)).start();
    }

    /** zonky's builder for a server on {@code dir}, from these binaries, kept when it stops. */
    static EmbeddedPostgres.Builder builder(PostgresBinaries binaries, Path dir) {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries.resolver())
                .setOverrideWorkingDirectory(binaries.root().toFile())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // The application stops the server after the gRPC server and the pool: zonky's own JVM hook would
                // stop it at the same time, under calls still being served.
                .setRegisterShutdownHook(false);
    }
}
