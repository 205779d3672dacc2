package boutique.loadgenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the status server answers, as plain values: the page showing whether the shoppers run and with which
 * settings, the start and stop buttons, and the finished reports' files. Every link is relative, so the page
 * works on its own port and behind the proxy's {@code /loadgen/} route, which arrives here as {@code //}.
 */
final class StatusPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String HTML = "text/html; charset=utf-8";
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", HTML),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("ttf", "font/ttf"));

    /** An answer: status, content type (none for a redirect), body, and the redirect target if any. */
    record Response(int status, String contentType, byte[] body, Optional<String> location) {

        static Response of(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Optional.empty());
        }

        static Response text(int status, String text) {
            return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Response seeOther(String location) {
            return new Response(303, null, new byte[0], Optional.of(location));
        }
    }

    private final ShopperRunner runner;
    private final Reports reports;

    StatusPage(ShopperRunner runner, Reports reports) {
        this.runner = runner;
        this.reports = reports;
    }

    /** Answers a request for {@code rawTarget}, the request line's target exactly as it arrived. */
    Response handle(String method, String rawTarget) {
        String path = normalize(rawTarget);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/")) {
            return read ? Response.of(200, HTML, page()) : notAllowed("GET");
        }
        if (path.equals("/start") || path.equals("/stop")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
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
            return read ? reportFile(path.substring("/reports/".length())) : notAllowed("GET");
        }
        return Response.text(404, "not found: " + path);
    }

    /**
     * The path of a request target without its query, decoded, with empty segments dropped: the proxy replaces
     * "/loadgen" with "/", so "/loadgen/" arrives as "//" and "/loadgen/reports/x" as "//reports/x".
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

    private static Response notAllowed(String allowed) {
        return Response.text(405, "method not allowed: use " + allowed);
    }

    private Response reportFile(String relativePath) {
        Optional<Path> file = reports.file(relativePath);
        if (file.isEmpty()) {
            return Response.text(404, "no such report file: " + relativePath);
        }
        try {
            return Response.of(200, contentType(file.get()), Files.readAllBytes(file.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private byte[] page() {
        ShopperRunner.Status status = runner.status();
        Settings settings = runner.settings();
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="refresh" content="15">
                <title>Load generator</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; color: #222; }
                table { border-collapse: collapse; } td, th { text-align: left; padding: .2rem 1rem .2rem 0; }
                .state { font-size: 1.3rem; } button { font-size: 1rem; padding: .3rem 1rem; }
                </style>
                </head>
                <body>
                <h1>Load generator</h1>
                """);
        html.append("<p class=\"state\" id=\"state\">").append(describe(status)).append("</p>\n");
        html.append(
                switch (status.state()) {
                    case IDLE -> "<form method=\"post\" action=\"start\"><button>Start the shoppers</button></form>\n";
                    case RUNNING -> "<form method=\"post\" action=\"stop\"><button>Stop the shoppers</button></form>\n";
                    case STOPPING -> "";
                });
        html.append("<h2>Settings</h2>\n<table id=\"settings\">\n");
        row(html, "LOCUST_HOST", settings.host());
        row(html, "LOCUST_USERS", Integer.toString(settings.users()));
        row(html, "LOCUST_SPAWN_RATE", number(settings.spawnRate()) + " users per second");
        row(
                html,
                "LOCUST_RUN_TIME",
                settings.runTime().map(StatusPage::duration).orElse("until stopped"));
        row(html, "LOCUST_AUTOSTART", Boolean.toString(settings.autostart()));
        row(html, "Pause after each task", seconds(settings.minPause()) + " to " + seconds(settings.maxPause()));
        row(html, "A report every", duration(settings.sliceLength()));
        html.append("</table>\n<h2>Finished reports, newest first</h2>\n");
        var finished = reports.finished();
        if (finished.isEmpty()) {
            html.append("<p>None yet: the first appears when a run of ")
                    .append(duration(settings.sliceLength()))
                    .append(" ends.</p>\n");
        } else {
            html.append("<ol id=\"reports\">\n");
            for (Reports.Report report : finished) {
                String name = escape(report.name());
                html.append("<li><a href=\"reports/")
                        .append(name)
                        .append("/index.html\">")
                        .append(name)
                        .append("</a>, finished ")
                        .append(TIME.format(report.finishedAt()))
                        .append("</li>\n");
            }
            html.append("</ol>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
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

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n");
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

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
