package boutique.quote;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.HealthProbe;
import boutique.kit.testing.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quote service as a real process with the JVM options the launcher and the container images give it (a
 * 40 MB heap, and exit on OutOfMemoryError), sent what a hostile client would send over real HTTP: it must answer
 * each at once with a 4xx and stay up and healthy.
 */
class QuoteServiceIT {

    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static ServiceProcess quote;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = ServiceProcess.freePort();
        quote = ServiceProcess.startHttp(
                "quoteservice",
                "http://127.0.0.1:" + port + "/actuator/health",
                Map.of("QUOTE_SERVICE_PORT", String.valueOf(port), "MALLOC_ARENA_MAX", "2"));
    }

    @AfterAll
    static void stop() {
        quote.close();
    }

    @ParameterizedTest(name = "{0} of 50 MB, {1}")
    @CsvSource({
        "POST, application/json, true, 413",
        "POST, application/json, false, 413",
        "POST, application/x-www-form-urlencoded, false, 413",
        "POST, multipart/form-data; boundary=x, false, 413",
        "PUT, application/x-www-form-urlencoded, true, 405",
        "PATCH, application/x-www-form-urlencoded, false, 405",
        "DELETE, application/x-www-form-urlencoded, false, 405",
    })
    void getQuote_50MbBody_isRefusedWithoutBufferingAndTheServiceStaysUp(
            String method, String contentType, boolean withLength, int status) throws Exception {
        HttpResponse<String> response = send(method, "/getquote", contentType, fiftyMegabytes(withLength));
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":\"");
        assertHealthy();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/no-such-route", "/"})
    void otherRoutes_50MbBody_areAnsweredAndTheServiceStaysUp(String path) throws Exception {
        HttpResponse<String> response = send("POST", path, "application/x-www-form-urlencoded", fiftyMegabytes(false));
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).startsWith("{\"error\":\"");
        assertHealthy();
    }

    @Test
    void getQuote_hostileNumbers_areAnsweredAtOnceAndLeaveNoCoreBusy() throws Exception {
        for (String value :
                new String[] {"1e50000000", "\"1e50000000\"", "1e999999999", "\"1e999999999\"", "1e-50000000"}) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(
                    "POST",
                    "/getquote",
                    "application/json",
                    BodyPublishers.ofString("{\"numberOfItems\":" + value + "}"));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("answer to %s", value)
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(response.statusCode()).as(value).isEqualTo(400);
        }
        // A pinned core would show as CPU time still accruing after the answers.
        long cpuBefore = cpuMillis();
        Thread.sleep(1_000);
        assertThat(cpuMillis() - cpuBefore).as("CPU ms used while idle").isLessThan(500);
        assertThat(send("POST", "/getquote", "application/json", BodyPublishers.ofString("{\"numberOfItems\":2}"))
                        .body())
                .isEqualTo("17.8");
    }

    @Test
    void thousandsOfIdleConnections_leaveTheServiceUp() throws Exception {
        // Before the service limited its connections, about 4,300 idle ones exhausted the 40 MB heap.
        List<SocketChannel> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 6_000; i++) {
                SocketChannel connection = SocketChannel.open();
                connections.add(connection);
                connection.configureBlocking(false);
                connection.connect(new InetSocketAddress("127.0.0.1", port));
            }
        } catch (IOException tooManyOpenFiles) {
            // as many as this machine lets one process open
        }
        try {
            Thread.sleep(3_000);
            assertThat(quote.isAlive())
                    .as("alive with %d connections open", connections.size())
                    .isTrue();
        } finally {
            for (SocketChannel connection : connections) {
                connection.close();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!HealthProbe.httpOk("http://127.0.0.1:" + port + "/actuator/health", Duration.ofSeconds(1))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertHealthy();
    }

    private static void assertHealthy() {
        assertThat(quote.isAlive()).as("the quote service process is alive").isTrue();
        assertThat(HealthProbe.httpOk("http://127.0.0.1:" + port + "/actuator/health", Duration.ofSeconds(2)))
                .isTrue();
    }

    /** User plus system CPU time of the service process, from /proc (the tests run on Linux). */
    private static long cpuMillis() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + quote.pid() + "/stat"))
                .replaceFirst("^.*\\) ", "")
                .split(" ");
        // After the command name: state is field 3 of stat, utime 14 and stime 15 (here at 11 and 12), in clock
        // ticks of 10 ms (Linux's USER_HZ of 100).
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;
    }

    private static HttpResponse<String> send(String method, String path, String contentType, BodyPublisher body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", contentType)
                        .method(method, body)
                        .build(),
                BodyHandlers.ofString());
    }

    /** 50 MB of "x", one megabyte sent 50 times; with a Content-Length, or chunked. */
    private static BodyPublisher fiftyMegabytes(boolean withLength) {
        byte[] megabyte = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        BodyPublisher chunked = BodyPublishers.ofByteArrays(Collections.nCopies(50, megabyte));
        return withLength ? BodyPublishers.fromPublisher(chunked, FIFTY_MB) : chunked;
    }
}
