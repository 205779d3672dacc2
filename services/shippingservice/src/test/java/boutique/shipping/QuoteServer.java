package boutique.shipping;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on a free port standing in for the quote service: by default it answers as the reference
 * does (8.9 x n as a binary double), and a test can make it answer another text, another status, or late.
 * It records what it was sent, trace header included.
 */
final class QuoteServer implements AutoCloseable {

    record Received(String method, String path, String contentType, String body, String traceparent) {}

    private static final Pattern ITEMS = Pattern.compile("\\{\"numberOfItems\":(\\d+)}");

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile LongFunction<String> answer = n -> Double.toString(8.9 * n);
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration pauseAfterEachByte = Duration.ZERO;
    private volatile boolean endless;

    QuoteServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    QuoteServer answering(LongFunction<String> answer) {
        this.answer = answer;
        return this;
    }

    QuoteServer withStatus(int status) {
        this.status = status;
        return this;
    }

    QuoteServer withDelay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Sends the answer a byte at a time, pausing after each. */
    QuoteServer dripping(Duration pauseAfterEachByte) {
        this.pauseAfterEachByte = pauseAfterEachByte;
        return this;
    }

    /** Sends the answer over and over, chunked, until the client goes away. */
    QuoteServer endless() {
        this.endless = true;
        return this;
    }

    List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body,
                exchange.getRequestHeaders().getFirst("traceparent")));
        pause(delay);
        Matcher items = ITEMS.matcher(body);
        byte[] reply = (items.matches() ? answer.apply(Long.parseLong(items.group(1))) : "bad request")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(items.matches() ? status : 400, endless ? 0 : reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (endless) {
                while (!Thread.currentThread().isInterrupted()) {
                    out.write(reply);
                }
            } else if (pauseAfterEachByte.isZero()) {
                out.write(reply);
            } else {
                for (byte b : reply) {
                    out.write(b);
                    out.flush();
                    pause(pauseAfterEachByte);
                }
            }
        }
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
