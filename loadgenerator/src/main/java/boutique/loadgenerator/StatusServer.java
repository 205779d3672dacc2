package boutique.loadgenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page on {@code LOCUST_WEB_PORT}, where Locust's web UI was: whether the shoppers run and with which
 * settings, start and stop buttons, and every finished Gatling report, newest first. Every link is relative,
 * so the page works on its own port and behind the proxy's {@code /loadgen/} route, which sends {@code //}.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("woff", "font/woff"), Map.entry("ttf", "font/ttf"),
            Map.entry("log", "text/plain; charset=utf-8"));

    private final ShopperRunner runner;
    private final Reports reports;
    private final HttpServer server;
    private final ExecutorService executor;

    StatusServer(int port, ShopperRunner runner, Reports reports) throws IOException {
        this.runner = runner;
        this.reports = reports;
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "status-page");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
        log.info("Status page on port {}", port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // The proxy replaces "/loadgen" with "/", so "/loadgen/" arrives as "//": empty segments mean nothing.
            String path = exchange.getRequestURI().getPath().replaceAll("/{2,}", "/");
            if (path.equals("/")) {
                requireMethod(exchange, "GET", () -> send(exchange, 200, "text/html; charset=utf-8", page()));
            } else if (path.equals("/start") || path.equals("/stop")) {
                requireMethod(exchange, "POST", () -> {
                    if (path.equals("/start")) {
                        runner.start();
                    } else {
                        runner.stop();
                    }
                    // Relative, so the browser comes back to /loadgen/ behind the proxy.
                    exchange.getResponseHeaders().set("Location", "./");
                    exchange.sendResponseHeaders(303, -1);
                });
            } else if (path.startsWith("/reports/")) {
                requireMethod(exchange, "GET", () -> sendReportFile(exchange, path.substring("/reports/".length())));
            } else {
                sendText(exchange, 404, "not found: " + path);
            }
        } catch (RuntimeException e) {
            log.warn("Status page request {} failed", exchange.getRequestURI(), e);
        }
    }

    private interface Response {
        void send() throws IOException;
    }

    private static void requireMethod(HttpExchange exchange, String method, Response response) throws IOException {
        String actual = exchange.getRequestMethod();
        if (actual.equals(method) || (method.equals("GET") && actual.equals("HEAD"))) {
            response.send();
        } else {
            exchange.getResponseHeaders().set("Allow", method);
            sendText(exchange, 405, "method not allowed: use " + method);
        }
    }

    private void sendReportFile(HttpExchange exchange, String relativePath) throws IOException {
        var file = reports.file(relativePath);
        if (file.isEmpty()) {
            sendText(exchange, 404, "no such report file: " + relativePath);
            return;
        }
        send(exchange, 200, contentType(file.get()), Files.readAllBytes(file.get()));
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
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
        html.append(switch (status.state()) {
            case IDLE -> "<form method=\"post\" action=\"start\"><button>Start the shoppers</button></form>\n";
            case RUNNING -> "<form method=\"post\" action=\"stop\"><button>Stop the shoppers</button></form>\n";
            case STOPPING -> "";
        });
        html.append("<h2>Settings</h2>\n<table id=\"settings\">\n");
        row(html, "LOCUST_HOST", settings.host());
        row(html, "LOCUST_USERS", Integer.toString(settings.users()));
        row(html, "LOCUST_SPAWN_RATE", number(settings.spawnRate()) + " users per second");
        row(html, "LOCUST_RUN_TIME", settings.runTime().map(StatusServer::duration).orElse("until stopped"));
        row(html, "LOCUST_AUTOSTART", Boolean.toString(settings.autostart()));
        row(html, "Pause after each task", seconds(settings.minPause()) + " to " + seconds(settings.maxPause()));
        row(html, "A report every", duration(settings.sliceLength()));
        html.append("</table>\n<h2>Finished reports, newest first</h2>\n");
        var finished = reports.finished();
        if (finished.isEmpty()) {
            html.append("<p>None yet: the first appears when a run of ")
                    .append(duration(settings.sliceLength())).append(" ends.</p>\n");
        } else {
            html.append("<ol id=\"reports\">\n");
            for (Reports.Report report : finished) {
                String name = escape(report.name());
                html.append("<li><a href=\"reports/").append(name).append("/index.html\">").append(name)
                        .append("</a>, finished ").append(TIME.format(report.finishedAt())).append("</li>\n");
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
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
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
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
