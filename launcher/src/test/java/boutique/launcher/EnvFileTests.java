package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvFileTests {

    private static final Set<String> LOCAL = Set.of("cartservice", "quoteservice", "ffs_postgres", "redis-cart");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "cartservice:7070, 127.0.0.1:7070",
        "http://quoteservice:8090, http://127.0.0.1:8090",
        "postgresql://ffs:ffs@ffs_postgres:5432/ffs, postgresql://ffs:ffs@127.0.0.1:5432/ffs",
        "redis-cart:6379, 127.0.0.1:6379",
        "otelcol:4317, otelcol:4317",
        "http://otelcol:4317, http://otelcol:4317",
        "8080, 8080",
        "-XX:+UseSerialGC -Xmx64m, -XX:+UseSerialGC -Xmx64m",
    })
    void localise_pointsServiceHostsAtThisMachine(String value, String expected) {
        assertThat(EnvFile.localise(value, LOCAL)).isEqualTo(expected);
    }

    @Test
    void load_expandsReferencesAndLetsTheEnvironmentWin(@TempDir Path dir) throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), """
                # comment
                CART_SERVICE_PORT=7070
                CART_SERVICE_ADDR=cartservice:${CART_SERVICE_PORT}
                QUOTE_SERVICE_PORT=8090
                QUOTE_SERVICE_ADDR=http://quoteservice:${QUOTE_SERVICE_PORT}
                QUOTED="a b"
                MISSING=${NOT_SET:-fallback}
                """);
        Map<String, String> values = EnvFile.load(env, Map.of("CART_SERVICE_PORT", "17070"), LOCAL);
        assertThat(values)
                .containsEntry("CART_SERVICE_PORT", "17070")
                .containsEntry("CART_SERVICE_ADDR", "127.0.0.1:17070")
                .containsEntry("QUOTE_SERVICE_ADDR", "http://127.0.0.1:8090")
                .containsEntry("QUOTED", "a b")
                .containsEntry("MISSING", "fallback");
    }

    @Test
    void load_fallbacks_followComposeForUnsetAndEmptyVariables(@TempDir Path dir) throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), """
                EMPTY=
                COLON_UNSET=${NOT_SET:-d}
                COLON_EMPTY=${EMPTY:-d}
                DASH_UNSET=${NOT_SET-d}
                DASH_EMPTY=${EMPTY-d}
                SET=${SET_OUTSIDE-d}
                """);
        Map<String, String> values = EnvFile.load(env, Map.of("SET_OUTSIDE", "x"), LOCAL);
        assertThat(values)
                .containsEntry("COLON_UNSET", "d")
                .containsEntry("COLON_EMPTY", "d")
                .containsEntry("DASH_UNSET", "d")
                .containsEntry("DASH_EMPTY", "")
                .containsEntry("SET", "x");
    }

    @Test
    void projectEnvFile_givesEveryServiceAPortAndLocalAddresses() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> values = EnvFile.load(
                root.resolve("deploy/.env"),
                Map.of(),
                Set.of(
                        "cartservice",
                        "checkoutservice",
                        "currencyservice",
                        "emailservice",
                        "paymentservice",
                        "productcatalogservice",
                        "quoteservice",
                        "recommendationservice",
                        "shippingservice",
                        "adservice",
                        "featureflagservice",
                        "frontend",
                        "redis-cart",
                        "ffs_postgres"));
        for (ServiceDef service : ServiceDef.ALL) {
            assertThat(service.port(values)).as(service.name()).isPositive();
        }
        assertThat(values)
                .containsEntry("PRODUCT_CATALOG_SERVICE_ADDR", "127.0.0.1:3550")
                .containsEntry("EMAIL_SERVICE_ADDR", "http://127.0.0.1:6060")
                .containsEntry("REDIS_ADDR", "127.0.0.1:6379")
                .containsEntry("LOCUST_HOST", "http://127.0.0.1:8080");
    }
}
