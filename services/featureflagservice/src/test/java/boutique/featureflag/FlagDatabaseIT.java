package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.health.contributor.Status.OUT_OF_SERVICE;
import static org.springframework.boot.health.contributor.Status.UP;

import boutique.kit.ShopException;
import boutique.kit.testing.ServiceProcess;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the service finds its database: the embedded PostgreSQL when none is configured or a local one has no
 * login for us, waiting (not failing) while a configured one is down, and short failures when it goes away.
 */
class FlagDatabaseIT {

    /** One data directory for the class: initdb runs once, later starts reuse it. */
    @TempDir
    static Path dataDir;

    @Test
    void run_noDatabaseUrl_keepsTheFlagsInAnEmbeddedPostgres() throws Exception {
        FlagDatabase database = StoreFixture.open(StoreFixture.properties("", true, dataDir.resolve("pg")));
        try {
            assertThat(database.description()).startsWith("embedded PostgreSQL");
            FlagStore store = new FlagStore(database);
            assertThat(store.all()).extracting(Flag::name).containsAll(FlagStoreIT.SCENARIOS);
            store.create("embeddedFlag", "kept in the embedded server", 0.5);
            assertThat(store.byName("embeddedFlag"))
                    .get()
                    .extracting(Flag::probability)
                    .isEqualTo(0.5);
        } finally {
            database.destroy();
        }
    }

    @Test
    void run_localServerWithoutOurLogin_fallsBackToEmbedded() throws Exception {
        String url = "postgresql://ffs_no_such_role:ffs@" + StoreFixture.testServer() + "/ffs";
        FlagDatabase database = StoreFixture.open(StoreFixture.properties(url, true, dataDir.resolve("pg")));
        try {
            assertThat(database.description()).startsWith("embedded PostgreSQL");
            assertThat(new FlagStore(database).byName("productCatalogFailure")).isPresent();
        } finally {
            database.destroy();
        }
    }

    @Test
    void run_configuredDatabaseDown_waitsOutOfServiceThenOpensIt() throws Exception {
        int port = ServiceProcess.freePort();
        String url = "postgresql://postgres@127.0.0.1:" + port + "/postgres";
        FlagDatabase database = new FlagDatabase(OpenTelemetry.noop());
        FlagDatabaseOpener opener = StoreFixture.opener(StoreFixture.properties(url, false, null), database);
        FlagStoreHealth health = new FlagStoreHealth(database);
        FlagStore store = new FlagStore(database);
        opener.start();
        CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
            try {
                opener.run(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Thread.sleep(1_500);
            assertThat(opening).isNotDone();
            assertThat(health.health().getStatus()).isEqualTo(OUT_OF_SERVICE);
            assertUnavailable(() -> store.byName("productCatalogFailure"));

            try (EmbeddedPostgres postgres = StoreFixture.startPostgres(port, dataDir.resolve("pg"))) {
                opening.get(20, TimeUnit.SECONDS);
                assertThat(health.health().getStatus()).isEqualTo(UP);
                assertThat(store.byName("productCatalogFailure")).isPresent();

                postgres.close();
                long started = System.nanoTime();
                assertUnavailable(() -> store.byName("productCatalogFailure"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
            }
        } finally {
            opener.stop();
            database.destroy();
        }
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ShopException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
