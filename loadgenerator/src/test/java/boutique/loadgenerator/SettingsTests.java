package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTests {

    @Test
    void fromEnvironment_nothingSet_usesTheReferenceDefaults() {
        Settings settings = Settings.fromEnvironment(Map.of());

        assertThat(settings.host()).isEqualTo("http://frontend:8080");
        assertThat(settings.users()).isEqualTo(10);
        assertThat(settings.spawnRate()).isEqualTo(1.0);
        assertThat(settings.runTime()).isEmpty();
        assertThat(settings.autostart()).isFalse();
        assertThat(settings.headless()).isFalse();
        assertThat(settings.webPort()).isEqualTo(8089);
        assertThat(settings.minPause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxPause()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.sliceLength()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void fromEnvironment_composeValues_areRead() {
        Settings settings = Settings.fromEnvironment(Map.of(
                "LOCUST_HOST",
                "http://localhost:8080/",
                "LOCUST_USERS",
                "32",
                "LOCUST_SPAWN_RATE",
                "4",
                "LOCUST_RUN_TIME",
                "1h30m",
                "LOCUST_AUTOSTART",
                "true",
                "LOCUST_HEADLESS",
                "False",
                "LOCUST_WEB_PORT",
                "9089",
                "LOADGEN_PAUSE_SCALE",
                "0.1",
                "LOADGEN_REPORT_INTERVAL",
                "2m"));

        assertThat(settings.host()).as("trailing slash dropped").isEqualTo("http://localhost:8080");
        assertThat(settings.users()).isEqualTo(32);
        assertThat(settings.rampDuration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.runTime()).isEqualTo(Optional.of(Duration.ofMinutes(90)));
        assertThat(settings.autostart()).isTrue();
        assertThat(settings.headless()).isFalse();
        assertThat(settings.webPort()).isEqualTo(9089);
        assertThat(settings.minPause()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.maxPause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.sliceLength()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void fromEnvironment_blankValues_meanUnset() {
        Settings settings = Settings.fromEnvironment(Map.of("LOCUST_RUN_TIME", "", "LOCUST_USERS", " "));

        assertThat(settings.runTime()).isEmpty();
        assertThat(settings.users()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({"90, 90", "90s, 90", "20m, 1200", "3h, 10800", "1h30m, 5400", "1h2m3s, 3723", "2M, 120"})
    void parseLocustTime_acceptsLocustsFormats(String text, long seconds) {
        assertThat(Settings.parseLocustTime("LOCUST_RUN_TIME", text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({
        "LOCUST_RUN_TIME, ten minutes, LOCUST_RUN_TIME must be a time like",
        "LOCUST_RUN_TIME, 0s, LOCUST_RUN_TIME must be longer than 0 s",
        "LOCUST_USERS, many, LOCUST_USERS must be a whole number",
        "LOCUST_USERS, 0, LOCUST_USERS must be at least 1",
        "LOCUST_SPAWN_RATE, 0, LOCUST_SPAWN_RATE must be above 0",
        "LOCUST_AUTOSTART, maybe, LOCUST_AUTOSTART must be true or false",
        "LOCUST_HOST, frontend:8080, LOCUST_HOST must be an http:// or https:// URL",
        "LOCUST_WEB_PORT, 70000, LOCUST_WEB_PORT must be a port number"
    })
    void fromEnvironment_badValue_namesTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
