package boutique.loadgenerator;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the status server answers, as plain values: the page showing whether the shoppers run and with which
 * settings, the same as JSON, the start and stop buttons, and the finished reports' files. Every link is
 * relative, so the page works on its own port and under any prefix the proxy strips (it serves it at
 * {@code /loadgen/}); a path starting with {@code //}, which a proxy replacing {@code /loadgen} by {@code /}
 * sends, is read as {@code /}.
 */
final class StatusPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", HTML),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", JSON),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("ttf", "font/ttf"));

    /** An answer: status, content type (none for a redirect), body, and extra headers such as the redirect. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Response of(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Map.of());
        }

        /** A client or server error, as {@code {"error": "<what is wrong>"}}. */
        static Response error(int status, String message) {
            return of(status, JSON, Json.bytes(Map.of("error", message)));
        }

        static Response seeOther(String location) {
            return new Response(303, null, new byte[0], Map.of("Location", location));
        }

        static Response notAllowed(String allowed) {
            return new Response(
                    405,
                    JSON,
                    Json.bytes(Map.of("error", "method not allowed: use " + allowed)),
                    Map.of("Allow", allowed));
        }
    }

    /** The page's template: Mustache escapes every value it inserts for HTML. */
    private final Template template;

    private final ShopperRunner runner;
    private final Reports reports;

    StatusPage(ShopperRunner runner, Reports reports) {
        this.runner = runner;
        this.reports = reports;
        try (Reader source = new InputStreamReader(
                Objects.requireNonNull(StatusPage.class.getResourceAsStream("/templates/status.mustache")),
                StandardCharsets.UTF_8)) {
            this.template = Mustache.compiler().compile(source);
        } catch (IOException e) {
            throw new UncheckedIOException("the status page template cannot be read", e);
        }
    }

    /** Answers a request for {@code rawTarget}, the request line's target exactly as it arrived. */
    Response handle(String method, String rawTarget) {
        String path = normalize(rawTarget);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/")) {
            return read ? Response.of(200, HTML, page()) : Response.notAllowed("GET, HEAD");
        }
        if (path.equals("/status.json")) {
            return read ? Response.of(200, JSON, Json.bytes(status())) : Response.notAllowed("GET, HEAD");
        }
        if (path.equals("/start") || path.equals("/stop")) {
            if (!method.equals("POST")) {
                return Response.notAllowed("POST");
            }
            if (path.equals("/start")) {
                runner.start();
            } else {
                runner.stop();
            }
            // Relative, so the browser comes back to /loadgen/ behind the proxy.
            return Response.seeOther("./");
        }
        if (path.startsWith("/reports/")) {
            return read ? reportFile(path.substring("/reports/".length())) : Response.notAllowed("GET, HEAD");
        }
        return Response.error(404, "not found: " + path);
    }

    /**
     * The path of a request target without its query, decoded, with empty segments dropped: a proxy that
     * replaces "/loadgen" with "/" turns "/loadgen/" into "//" and "/loadgen/reports/x" into "//reports/x".
     */
    static String normalize(String rawTarget) {
        String path = rawTarget;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        try {
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "/invalid";
        }
        String collapsed = path.replaceAll("/{2,}", "/");
        return collapsed.startsWith("/") ? collapsed : "/" + collapsed;
    }

    private Response reportFile(String relativePath) {
        return reports.file(relativePath)
                .map(file -> Response.of(200, contentType(file), read(file)))
                .orElseGet(() -> Response.error(404, "no such report file: " + relativePath));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** What the template shows; each value is plain text, and the template escapes it. */
    private record PageModel(
            String state,
            boolean idle,
            boolean running,
            List<Row> settings,
            List<ReportRow> reports,
            String reportInterval) {}

    private record Row(String name, String value) {}

    private record ReportRow(String name, String href, String finishedAt) {}

    private byte[] page() {
        ShopperRunner.Status status = runner.status();
        Settings settings = runner.settings();
        List<Row> rows = List.of(
                new Row("LOCUST_HOST", settings.host()),
                new Row("LOCUST_USERS", Integer.toString(settings.users())),
                new Row("LOCUST_SPAWN_RATE", number(settings.spawnRate()) + " users per second"),
                new Row(
                        "LOCUST_RUN_TIME",
                        settings.runTime().map(StatusPage::duration).orElse("until stopped")),
                new Row("LOCUST_AUTOSTART", Boolean.toString(settings.autostart())),
                new Row("Pause after each task", seconds(settings.minPause()) + " to " + seconds(settings.maxPause())),
                new Row("A report every", duration(settings.sliceLength())));
        List<ReportRow> finished = reports.finished().stream()
                .map(report -> new ReportRow(report.name(), href(report), TIME.format(report.finishedAt())))
                .toList();
        PageModel model = new PageModel(
                describe(status),
                status.state() == ShopperRunner.State.IDLE,
                status.state() == ShopperRunner.State.RUNNING,
                rows,
                finished,
                duration(settings.sliceLength()));
        return template.execute(model).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The JSON form of the page: times in ISO 8601 UTC (as text: the Jackson here has no java.time module),
     * durations in seconds, null for "none".
     */
    record StatusJson(
            String state,
            String startedAt,
            int runsStarted,
            Integer lastExitCode,
            SettingsJson settings,
            List<ReportJson> reports) {}

    /** The settings, {@code runTimeSeconds} null when the shoppers run until stopped. */
    record SettingsJson(
            String host,
            int users,
            double spawnRate,
            Long runTimeSeconds,
            boolean autostart,
            double minPauseSeconds,
            double maxPauseSeconds,
            long reportIntervalSeconds,
            int keepReports) {}

    /** A finished report; {@code href} is relative to the page, like the page's own links. */
    record ReportJson(String name, String href, String finishedAt) {}

    private StatusJson status() {
        ShopperRunner.Status status = runner.status();
        Settings settings = runner.settings();
        return new StatusJson(
                status.state().name().toLowerCase(Locale.ROOT),
                status.startedAt().map(Instant::toString).orElse(null),
                status.runsStarted(),
                status.lastExitCode().orElse(null),
                new SettingsJson(
                        settings.host(),
                        settings.users(),
                        settings.spawnRate(),
                        settings.runTime().map(Duration::toSeconds).orElse(null),
                        settings.autostart(),
                        settings.minPause().toMillis() / 1000.0,
                        settings.maxPause().toMillis() / 1000.0,
                        settings.sliceLength().toSeconds(),
                        settings.keepReports()),
                reports.finished().stream()
                        .map(report -> new ReportJson(
                                report.name(), href(report), report.finishedAt().toString()))
                        .toList());
    }

    /** The link to a report's index page: its folder name percent-encoded, so any name makes a working link. */
    private static String href(Reports.Report report) {
        return "reports/"
                + URLEncoder.encode(report.name(), StandardCharsets.UTF_8).replace("+", "%20") + "/index.html";
    }

    private static String describe(ShopperRunner.Status status) {
        String since = status.startedAt().map(t -> " since " + TIME.format(t)).orElse("");
        String last = status.lastExitCode()
                .map(code -> code == 0 ? "; the last run had no failed request" : "; the last run had failures")
                .orElse("");
        return switch (status.state()) {
            case IDLE -> "Not running" + last + ".";
            case RUNNING -> "Running" + since + ", run " + status.runsStarted() + last + ".";
            case STOPPING -> "Stopping: the shoppers finish their current task" + last + ".";
        };
    }

    private static String duration(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String seconds(Duration duration) {
        return number(duration.toMillis() / 1000.0) + " s";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
