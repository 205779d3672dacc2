package boutique.frontend.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bounds of a request, over real HTTP: a body of at most 16 KiB that arrives within the timeout (2 s in
 * these tests), a request line with headers and cookies of at most 16 KB, at most 1,000 parameters. Whatever a
 * client sends, the frontend answers it with a 4xx and keeps answering the next request.
 */
@FrontendOverHttpTest
@Timeout(120)
class RequestLimitsTests {

    private static final long FIFTY_MB = 50L * 1024 * 1024;
    private static final String SESSION = "6f1d9c2e-0b7a-4c55-8e3d-9a1b2c3d4e5f";
    private static final String TOO_LARGE = "{\"error\":\"the request body must be at most 16384 bytes\"}";

    @LocalServerPort
    private int port;

    private final FakeBackends backends = FakeBackends.SHARED;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        backends.reset();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private void assertStillAnswering() throws Exception {
        HttpResponse<String> currencies = send(to("/api/currency"));
        assertThat(currencies.statusCode()).isEqualTo(200);
        assertThat(currencies.body()).contains("\"EUR\"");
    }

    /** Sends a body of {@code length} bytes, declared or chunked, and returns the answer. */
    private String sendLarge(String method, String path, String contentType, long length, boolean chunked)
            throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            raw.head(method + " " + path + " HTTP/1.1\nHost: shop\nCookie: shop_session-id=" + SESSION
                    + "\nContent-Type: " + contentType + "\n"
                    + (chunked ? "Transfer-Encoding: chunked\n" : "Content-Length: " + length + "\n"));
            boolean sentAll = raw.body(length, (byte) 'a', chunked);
            assertThat(sentAll).as("the frontend stops taking the body").isFalse();
            return raw.response();
        }
    }

    @ParameterizedTest(name = "{0} {1}, chunked: {2}")
    @CsvSource({
        "POST, /api/cart, false",
        "DELETE, /api/cart, false",
        "POST, /api/checkout, false",
        "POST, /api/cart, true",
        "DELETE, /api/cart, true",
        "POST, /api/checkout, true"
    })
    void apiBody_fiftyMegabytes_is413JsonAndTheFrontendKeepsAnswering(String method, String path, boolean chunked)
            throws Exception {
        String response = sendLarge(method, path, "application/json", FIFTY_MB, chunked);

        assertThat(response).startsWith("HTTP/1.1 413 ").contains("Content-Type: application/json");
        assertThat(response).endsWith(TOO_LARGE);
        assertThat(backends.cart.control.requests).isEmpty();
        assertThat(backends.checkout.control.requests).isEmpty();
        assertStillAnswering();
    }

    @ParameterizedTest(name = "{0}, chunked: {1}")
    @CsvSource({
        "/setCurrency, false",
        "/cart, false",
        "/cart/empty, false",
        "/cart/checkout, false",
        "/cart, true",
        "/cart/checkout, true"
    })
    void formPost_fiftyMegabytes_is413ErrorPageAndTheFrontendKeepsAnswering(String path, boolean chunked)
            throws Exception {
        String response = sendLarge("POST", path, "application/x-www-form-urlencoded", FIFTY_MB, chunked);

        assertThat(response).startsWith("HTTP/1.1 413 ").contains("text/html");
        assertThat(response)
                .contains(
                        "Error 413",
                        "That was more than this page can take",
                        "at most 16384 bytes",
                        "Back to the shop");
        assertThat(backends.cart.control.requests).isEmpty();
        assertStillAnswering();
    }

    @Test
    void body_justOverTheLimit_is413AndAtTheLimit_isRead() throws Exception {
        String item =
                "{\"userId\":\"limit\",\"item\":{\"productId\":\"" + FakeBackends.FLASHLIGHT + "\",\"quantity\":1}}";
        String atTheLimit = item + " ".repeat(16 * 1024 - item.length());

        HttpResponse<String> read = send(to("/api/cart").POST(HttpRequest.BodyPublishers.ofString(atTheLimit)));
        HttpResponse<String> refused =
                send(to("/api/cart").POST(HttpRequest.BodyPublishers.ofString(atTheLimit + " ")));

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo(TOO_LARGE);
        assertThat(backends.cart.cartOf("limit").getItems(0).getQuantity()).isEqualTo(1);
    }

    /**
     * Part of the body comes with the head, then nothing: whichever runs out first, Tomcat's wait for the next
     * bytes or the body's timeout, the answer is 408.
     */
    @Test
    void body_stoppingAfterItsFirstBytes_is408() throws Exception {
        String response;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /api/cart HTTP/1.1\nHost: shop\nContent-Type: application/json\nContent-Length: 5000\n\n"
                    + "{\"userId\":");
            response = raw.response();
        }

        assertThat(response).startsWith("HTTP/1.1 408 ");
        assertThat(response).endsWith("{\"error\":\"the request body must arrive within 2000 ms\"}");
        assertThat(backends.cart.control.requests).isEmpty();
    }

    /** Part of the body comes with the head, the rest later: both parts reach the handler, in order. */
    @Test
    void body_arrivingInTwoParts_isReadWhole() throws Exception {
        byte[] item = ("{\"userId\":\"" + SESSION + "\",\"item\":{\"productId\":\"" + FakeBackends.FLASHLIGHT
                        + "\",\"quantity\":3}}")
                .getBytes(StandardCharsets.UTF_8);
        int half = item.length / 2;
        String response;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /api/cart HTTP/1.1\nHost: shop\nContent-Type: application/json\nContent-Length: "
                    + item.length + "\n");
            raw.body(Arrays.copyOfRange(item, 0, half));
            Thread.sleep(300);
            raw.body(Arrays.copyOfRange(item, half, item.length));
            response = raw.response();
        }

        assertThat(response).startsWith("HTTP/1.1 200 ");
        assertThat(backends.cart.cartOf(SESSION).getItems(0).getQuantity()).isEqualTo(3);
    }

    @Test
    void body_announcedTooLargeWithExpectContinue_isRefusedBeforeItIsSent() throws Exception {
        String response;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /api/checkout HTTP/1.1\nHost: shop\nContent-Type: application/json\nExpect: 100-continue"
                    + "\nContent-Length: " + FIFTY_MB + "\n");
            response = raw.response();
        }

        assertThat(response).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
        assertThat(response).endsWith(TOO_LARGE);
    }

    @Test
    void chunkedBodiesWithinTheLimit_areReadForTheApiAndTheForms() throws Exception {
        String item = "{\"userId\":\"" + SESSION + "\",\"item\":{\"productId\":\"" + FakeBackends.FLASHLIGHT
                + "\",\"quantity\":2}}";
        String api;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head(
                    "POST /api/cart HTTP/1.1\nHost: shop\nContent-Type: application/json\nTransfer-Encoding: chunked\n");
            raw.body(chunk(item));
            api = raw.response();
        }
        String form;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /cart HTTP/1.1\nHost: shop\nCookie: shop_session-id=" + SESSION
                    + "\nContent-Type: application/x-www-form-urlencoded\nTransfer-Encoding: chunked\n");
            raw.body(chunk("product_id=" + FakeBackends.IMAGER + "&quantity=3"));
            form = raw.response();
        }

        assertThat(api).startsWith("HTTP/1.1 200 ");
        assertThat(form).startsWith("HTTP/1.1 303 ").contains("Location: /cart");
        assertThat(backends.cart.cartOf(SESSION).getItemsList())
                .extracting(i -> i.getProductId() + "x" + i.getQuantity())
                .containsExactly(FakeBackends.FLASHLIGHT + "x2", FakeBackends.IMAGER + "x3");
    }

    private static byte[] chunk(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {"product_id=%zz&quantity=1 | the form could not be read", "MANY | too many request parameters"})
    void formPost_unreadableOrWithTooManyFields_isABadRequestPage(String form, String message) throws Exception {
        String body = form.equals("MANY") ? "a=1&".repeat(1_001) + "quantity=1" : form;
        HttpResponse<String> response = send(to("/cart")
                .header("Cookie", "shop_session-id=" + SESSION)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("That did not work", message);
        assertThat(backends.cart.control.requests).isEmpty();
    }

    @Test
    void body_tricklingIn_is408AtTheTimeoutWithoutWaitingForTheRest() throws Exception {
        String response;
        int sent;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head("POST /api/cart HTTP/1.1\nHost: shop\nContent-Type: application/json\nContent-Length: 1000\n");
            sent = raw.trickle(1_000, Duration.ofMillis(50));
            response = raw.response();
        }

        assertThat(sent).as("bytes sent before the answer").isLessThan(1_000);
        assertThat(response).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        assertThat(response).endsWith("{\"error\":\"the request body must arrive within 2000 ms\"}");
        assertThat(backends.cart.control.requests).isEmpty();
    }

    /**
     * Tomcat has 16 threads. A body that is late holds none of them while it is awaited: with twenty clients
     * stalled half-way through their bodies, the shop still answers at once (long before the stalled ones are
     * refused at the timeout).
     */
    @Test
    void twentyStalledBodies_holdNoThreads() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawHttp raw = new RawHttp(port);
                raw.head("POST /cart/checkout HTTP/1.1\nHost: shop\nContent-Type: application/x-www-form-urlencoded"
                        + "\nContent-Length: 100\n");
                raw.body("email=".getBytes(StandardCharsets.UTF_8));
                stalled.add(raw);
            }
            Thread.sleep(300);

            assertStillAnswering();
            for (RawHttp raw : stalled) {
                assertThat(raw.hasAnswer())
                        .as("a stalled client answered before the shop answered another")
                        .isFalse();
            }
            for (RawHttp raw : stalled) {
                assertThat(raw.response()).startsWith("HTTP/1.1 408 ").contains("That took too long to arrive");
            }
        } finally {
            for (RawHttp raw : stalled) {
                raw.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"query", "header", "cookie"})
    void requestHead_over16KB_is400JsonAndTheFrontendKeepsAnswering(String where) throws Exception {
        String large = "a".repeat(20_000);
        String head = switch (where) {
            case "query" -> "GET /api/products?x=" + large + " HTTP/1.1\nHost: shop\n";
            case "header" -> "GET /api/products HTTP/1.1\nHost: shop\nX-Large: " + large + "\n";
            default -> "GET / HTTP/1.1\nHost: shop\nCookie: shop_currency=" + large + "\n";
        };
        String response;
        try (RawHttp raw = new RawHttp(port)) {
            raw.head(head);
            response = raw.response();
        }

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json");
        assertThat(response).contains("{\"error\":\"the request could not be read: its line or headers are too long");
        assertStillAnswering();
    }

    @Test
    void multipartBody_isBoundedLikeAnyOther() throws Exception {
        HttpResponse<String> response = send(to("/cart/empty")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("a".repeat(100_000))));
        assertThat(response.statusCode()).isEqualTo(413);
    }
}
