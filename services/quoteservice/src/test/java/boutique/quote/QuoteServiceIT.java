package boutique.quote;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.HealthProbe;
import boutique.kit.testing.LocalHttp;
import boutique.kit.testing.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static ServiceProcess quote;
    private static int port;
    private static LocalHttp http;

    @BeforeAll
    static void start() throws IOException {
        port = ServiceProcess.freePort();
        http = new LocalHttp(port, Duration.ofSeconds(20));
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
        ServiceProcess.IdleConnections held = quote.holdIdleConnections(port, 6_000, Duration.ofSeconds(3));
        assertThat(held.aliveWhileOpen())
                .as("alive with %d connections open", held.opened())
                .isTrue();
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
        return http.send(method, path, contentType, body);
    }

    /** 50 MB of "x", one megabyte sent 50 times; with a Content-Length, or chunked. */
    private static BodyPublisher fiftyMegabytes(boolean withLength) {
        return LocalHttp.megabytesOfX(50, withLength);
    }
}
