package boutique.loadgenerator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's settings, read from the reference's {@code LOCUST_*} variables with Locust's meanings,
 * plus a few {@code LOADGEN_*} variables of ours for what Locust does not have.
 *
 * @param host base URL of the frontend ({@code LOCUST_HOST})
 * @param users number of concurrent shoppers ({@code LOCUST_USERS})
 * @param spawnRate shoppers started per second ({@code LOCUST_SPAWN_RATE})
 * @param runTime how long to run in total; empty means until stopped ({@code LOCUST_RUN_TIME})
 * @param autostart start at once while keeping the status page ({@code LOCUST_AUTOSTART})
 * @param headless no status page: run at once and exit with the run's status ({@code LOCUST_HEADLESS})
 * @param webPort port of the status page ({@code LOCUST_WEB_PORT})
 * @param pauseScale factor applied to the 1..10 s pause after each task ({@code LOADGEN_PAUSE_SCALE})
 * @param sliceLength length of one Gatling run, and so how often a finished report appears
 *        ({@code LOADGEN_REPORT_INTERVAL})
 * @param resultsDir where Gatling writes its reports ({@code LOADGEN_RESULTS_DIR})
 * @param keepReports how many finished reports to keep; older ones are deleted ({@code LOADGEN_KEEP_REPORTS})
 */
record Settings(
        String host,
        int users,
        double spawnRate,
        Optional<Duration> runTime,
        boolean autostart,
        boolean headless,
        int webPort,
        double pauseScale,
        Duration sliceLength,
        Path resultsDir,
        int keepReports) {

    private static final Pattern LOCUST_TIME = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    Settings {
        if (users < 1) {
            throw new IllegalArgumentException("LOCUST_USERS must be at least 1, got " + users);
        }
        if (!(spawnRate > 0)) {
            throw new IllegalArgumentException("LOCUST_SPAWN_RATE must be above 0, got " + spawnRate);
        }
        if (webPort < 0 || webPort > 65535) {
            throw new IllegalArgumentException("LOCUST_WEB_PORT must be a port number, got " + webPort);
        }
        if (!(pauseScale >= 0)) {
            throw new IllegalArgumentException("LOADGEN_PAUSE_SCALE must be 0 or more, got " + pauseScale);
        }
        if (keepReports < 1) {
            throw new IllegalArgumentException("LOADGEN_KEEP_REPORTS must be at least 1, got " + keepReports);
        }
        if (!host.startsWith("http://") && !host.startsWith("https://")) {
            throw new IllegalArgumentException("LOCUST_HOST must be an http:// or https:// URL, got '" + host + "'");
        }
        // Locust joins the host and "/api/..." by string concatenation; a trailing slash would double it.
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
    }

    /** Reads the settings from environment variables; blank means unset, as in a compose file. */
    static Settings fromEnvironment(Map<String, String> env) {
        Values values = new Values(env);
        return new Settings(
                values.text("LOCUST_HOST", "http://frontend:8080"),
                values.integer("LOCUST_USERS", 10),
                values.decimal("LOCUST_SPAWN_RATE", 1),
                values.optional("LOCUST_RUN_TIME").map(text -> parseLocustTime("LOCUST_RUN_TIME", text)),
                values.flag("LOCUST_AUTOSTART"),
                values.flag("LOCUST_HEADLESS"),
                values.integer("LOCUST_WEB_PORT", 8089),
                values.decimal("LOADGEN_PAUSE_SCALE", 1),
                parseLocustTime("LOADGEN_REPORT_INTERVAL", values.text("LOADGEN_REPORT_INTERVAL", "5m")),
                Path.of(values.text(
                        "LOADGEN_RESULTS_DIR",
                        Path.of(System.getProperty("java.io.tmpdir"), "loadgenerator-reports")
                                .toString())),
                values.integer("LOADGEN_KEEP_REPORTS", 50));
    }

    /** Users start one after another at the spawn rate, as Locust spawns them. */
    Duration rampDuration() {
        return Duration.ofMillis(Math.round(users * 1000 / spawnRate));
    }

    /** The pause after each task: uniformly 1 to 10 s in the reference, scaled for quick runs. */
    Duration minPause() {
        return Duration.ofMillis(Math.round(1000 * pauseScale));
    }

    Duration maxPause() {
        return Duration.ofMillis(Math.round(10_000 * pauseScale));
    }

    /**
     * Parses a duration the way Locust's {@code --run-time} does: {@code 90}, {@code 90s}, {@code 20m},
     * {@code 3h}, {@code 1h30m}.
     */
    static Duration parseLocustTime(String variable, String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.matches("\\d+")) {
            return positive(variable, text, Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        Matcher matcher = LOCUST_TIME.matcher(trimmed);
        if (trimmed.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException(
                    variable + " must be a time like 90, 90s, 20m, 3h or 1h30m, got '" + text + "'");
        }
        Duration duration = Duration.ofHours(group(matcher, 1))
                .plusMinutes(group(matcher, 2))
                .plusSeconds(group(matcher, 3));
        return positive(variable, text, duration);
    }

    private static Duration positive(String variable, String text, Duration duration) {
        if (duration.isZero()) {
            throw new IllegalArgumentException(variable + " must be longer than 0 s, got '" + text + "'");
        }
        return duration;
    }

    private static long group(Matcher matcher, int group) {
        return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
    }

    /** Typed access to the variables, each error naming its variable. */
    private record Values(Map<String, String> env) {

        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int integer(String name, int fallback) {
            String value = text(name, Integer.toString(fallback));
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
            }
        }

        double decimal(String name, double fallback) {
            String value = text(name, Double.toString(fallback));
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
            }
        }

        /** Locust's boolean options: true, 1, yes and on (any case) mean on; false, 0, no and off mean off. */
        boolean flag(String name) {
            String value = text(name, "false").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
            };
        }
    }
}
