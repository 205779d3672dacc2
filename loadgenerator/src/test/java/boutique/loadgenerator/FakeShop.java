package boutique.loadgenerator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A stand-in frontend on a free port that records every request it gets. Like a frontend that redirects
 * trailing slashes, it answers {@code /api/data/} with a 308 to {@code /api/data}; paths listed as failing
 * answer 500. A listener sees each request as it arrives, before it is answered.
 */
final class FakeShop implements AutoCloseable {

    static {
        // Without it the JDK server's small writes meet delayed ACKs and every answer takes about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as it arrived: header names in lower case. */
    record Recorded(String method, String path, String query, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Recorded> requests = new ArrayList<>();
    private final Set<String> failing;
    private final Consumer<Recorded> onArrival;

    FakeShop(Set<String> failingPaths) {
        this(failingPaths, request -> {});
    }

    FakeShop(Set<String> failingPaths, Consumer<Recorded> onArrival) {
        this.failing = failingPaths;
        this.onArrival = onArrival;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded request = new Recorded(exchange.getRequestMethod(), path, query, headers, body);
            onArrival.accept(request);
            synchronized (this) {
                requests.add(request);
            }
            if (failing.contains(path)) {
                send(exchange, 500, "{\"error\": \"failing on purpose\"}");
            } else if (path.equals("/api/data/")) {
                exchange.getResponseHeaders().set("Location", "/api/data" + (query == null ? "" : "?" + query));
                exchange.sendResponseHeaders(308, -1);
            } else {
                send(exchange, 200, path.equals("/") ? "<html>shop</html>" : "{}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
