package boutique.email;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.HealthProbe;
import boutique.kit.testing.LocalHttp;
import boutique.kit.testing.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The email service as a real process with the JVM options the launcher and the container images give it (a
 * 40 MB heap, and exit on OutOfMemoryError), sent what a hostile or careless client would send over real HTTP:
 * it must answer each with a 4xx and stay up and healthy.
 */
class EmailServiceIT {

    private static ServiceProcess email;
    private static int port;
    private static LocalHttp http;

    @BeforeAll
    static void start() throws IOException {
        port = ServiceProcess.freePort();
        http = new LocalHttp(port, Duration.ofSeconds(30));
        email = ServiceProcess.startHttp(
                "emailservice",
                "http://127.0.0.1:" + port + "/actuator/health",
                Map.of(
                        "EMAIL_SERVICE_PORT",
                        String.valueOf(port),
                        "FEATURE_FLAG_GRPC_SERVICE_ADDR",
                        "",
                        "MALLOC_ARENA_MAX",
                        "2"));
    }

    @AfterAll
    static void stop() {
        email.close();
    }

    @ParameterizedTest(name = "{0} of 50 MB, {1}, with a length: {2}")
    @CsvSource({
        "POST, application/json, true, 413",
        "POST, application/json, false, 413",
        "POST, application/x-www-form-urlencoded, false, 413",
        "POST, multipart/form-data; boundary=x, true, 413",
        "PUT, application/x-www-form-urlencoded, true, 405",
        "PATCH, application/x-www-form-urlencoded, false, 405",
        "DELETE, application/x-www-form-urlencoded, true, 405",
    })
    void sendOrderConfirmation_50MbBody_isRefusedWithoutBufferingAndTheServiceStaysUp(
            String method, String contentType, boolean withLength, int status) throws Exception {
        HttpResponse<String> response =
                send(method, "/send_order_confirmation", contentType, fiftyMegabytes(withLength));
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
    void sendOrderConfirmation_manyLargestOrdersAtOnce_fitTheHeap() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < ConfirmationMail.MAX_ITEMS; i++) {
            items.append(i == 0 ? "" : ",")
                    .append(
                            "{\"item\":{\"product_id\":\"%s\",\"quantity\":10},\"cost\":{\"currency_code\":\"USD\",\"units\":57,\"nanos\":799999999}}"
                                    .formatted("P" + "x".repeat(60) + i % 10));
        }
        String order = Orders.confirmation(
                "someone@example.com",
                "{\"order_id\":\"" + "o".repeat(64) + "\",\"shipping_address\":{\"street_address\":\"" + "s".repeat(256)
                        + "\"},\"items\":[" + items + "]}");
        assertThat(order.length()).isBetween(EmailController.MAX_BODY_BYTES / 2, EmailController.MAX_BODY_BYTES);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            answers.add(http.sendAsync(http.request("/send_order_confirmation")
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(order))
                    .build()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
        assertHealthy();
    }

    @Test
    void sendOrderConfirmation_hostileNumbers_areAnsweredAtOnce() throws Exception {
        for (String number : new String[] {"1e50000000", "1e999999999", "1e-50000000", "1e9999999999"}) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(
                    "POST",
                    "/send_order_confirmation",
                    "application/json",
                    BodyPublishers.ofString(Orders.confirmation(
                            "a@example.com",
                            "{\"shipping_cost\":{\"currency_code\":\"USD\",\"units\":" + number + "}}")));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("answer to %s", number)
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(response.statusCode()).as(number).isBetween(200, 499);
        }
        assertHealthy();
    }

    @Test
    void thousandsOfIdleConnections_leaveTheServiceUp() throws Exception {
        // Before the service limited its connections, about 4,300 idle ones exhausted the 40 MB heap.
        ServiceProcess.IdleConnections held = email.holdIdleConnections(port, 6_000, Duration.ofSeconds(3));
        assertThat(held.aliveWhileOpen())
                .as("alive with %d connections open", held.opened())
                .isTrue();
        assertHealthy();
    }

    private static void assertHealthy() {
        assertThat(email.isAlive()).as("the email service process is alive").isTrue();
        assertThat(HealthProbe.httpOk("http://127.0.0.1:" + port + "/actuator/health", Duration.ofSeconds(2)))
                .isTrue();
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
