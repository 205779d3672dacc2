package boutique.featureflag;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the flags live: {@code databaseUrl} in one of the reference's forms (blank means the embedded
 * PostgreSQL), whether a local server without our database may be replaced by the embedded one, where the
 * embedded one keeps its data and its unpacked binaries, and the timeouts that keep a call short when
 * PostgreSQL goes away.
 */
@ConfigurationProperties("shop.store")
record StoreProperties(
        String databaseUrl,
        boolean embeddedFallback,
        Path embeddedDataDir,
        Path embeddedBinariesDir,
        int poolSize,
        Duration connectTimeout,
        Duration queryTimeout,
        Duration maxRetryDelay) {

    StoreProperties {
        databaseUrl = databaseUrl == null ? "" : databaseUrl.strip();
        embeddedDataDir = orTemp(embeddedDataDir, "featureflagservice-postgres");
        embeddedBinariesDir = orTemp(embeddedBinariesDir, "featureflagservice-postgres-binaries");
        poolSize = poolSize < 1 ? 5 : poolSize;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        queryTimeout = queryTimeout == null ? Duration.ofSeconds(2) : queryTimeout;
        maxRetryDelay = maxRetryDelay == null ? Duration.ofSeconds(15) : maxRetryDelay;
    }

    private static Path orTemp(Path dir, String name) {
        return dir == null || dir.toString().isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), name) : dir;
    }
}
