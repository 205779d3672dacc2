package boutique.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A bad-input campaign against every HTTP route of the shop: the frontend's pages, forms and JSON API, the
 * quote and email services, and the flag UI. Oversized bodies (50 MB, with and without a length), huge query
 * strings, headers and cookies, broken and deeply nested JSON, numbers far out of range, odd paths and wrong
 * methods. With every backend up, no answer may be a 5xx, and every request gets an answer.
 */
final class HostileHttp {

    static final Duration HANG = Duration.ofSeconds(15);
    static final long HUGE = 50L * 1024 * 1024;

    /** One request of the campaign and what it got: a status, or the error that replaced it. */
    record Outcome(String request, int status, String error, Duration took) {
        /**
         * Any answer but a 5xx. A server may answer 413 to a streamed 50 MB body and close while the body is
         * still being sent, so the client sees the connection close instead: a refusal too. A refused
         * connection is never fine: the service is gone.
         */
        boolean acceptable() {
            if (error == null) {
                return status < 500;
            }
            return request.contains(" 50 MB ") && error.startsWith("closed") && !error.contains("ConnectException");
        }
    }

    private final HttpClient http;
    private final List<Outcome> outcomes = new ArrayList<>();

    HostileHttp() {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    void frontend(String base) {
        String x5000 = "x".repeat(5000);
        for (String query : List.of(
                "/api/products?currencyCode=" + x5000,
                "/api/products?currencyCode=ZZZ",
                "/api/products/" + x5000,
                "/api/products/%00%ff",
                "/api/cart?sessionId=" + x5000,
                "/api/cart?sessionId=x&currencyCode=%F0%9F%92%A5",
                "/api/shipping?itemList=not-json",
                "/api/shipping?itemList=" + encode("[{\"productId\":\"OLJCESPC7Z\",\"quantity\":99999999999}]"),
                "/api/shipping?itemList=" + encode("[" + "[".repeat(5000) + "]".repeat(5000) + "]"),
                "/api/recommendations?productIds="
                        + IntStream.range(0, 2000).mapToObj(i -> "P" + i).collect(Collectors.joining(",")),
                "/api/data?productIds=" + x5000,
                "/product/" + x5000,
                "/product/..%2F..%2Fetc%2Fpasswd",
                "/cart/checkout/" + x5000,
                "/images/products/..%2F..%2F..%2Fetc%2Fpasswd",
                "/no/such/page",
                "/?" + "a=b&".repeat(25_000))) {
            get(base + query);
        }
        send(
                "GET / with a 20 KB cookie",
                request(base + "/").header("cookie", "shop_session-id=" + "c".repeat(20_000)));
        send("PUT /api/cart", request(base + "/api/cart").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        for (String body : List.of(
                "",
                "{}",
                "not json",
                "[]",
                "{\"userId\":{\"a\":1}}",
                "{\"userId\":\"u\",\"item\":{\"productId\":\"OLJCESPC7Z\",\"quantity\":1e400}}",
                "{\"userId\":\"u\",\"item\":{\"productId\":\"OLJCESPC7Z\",\"quantity\":-5}}",
                "{\"userId\":\"u\",\"item\":{\"productId\":\"OLJCESPC7Z\",\"quantity\":\"1e50000000\"}}",
                "{\"userId\":\"" + "u".repeat(60_000) + "\",\"item\":{\"productId\":\"OLJCESPC7Z\",\"quantity\":1}}",
                "{\"userId\":\"u\",\"item\":{\"productId\":\"" + "p".repeat(10_000) + "\",\"quantity\":1}}",
                "[".repeat(100_000))) {
            postJson(base + "/api/cart", body);
        }
        postHuge(base + "/api/cart", true);
        postHuge(base + "/api/cart", false);
        send("DELETE /api/cart without a body", request(base + "/api/cart").DELETE());
        send(
                "DELETE /api/cart with a null user",
                request(base + "/api/cart")
                        .header("content-type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"userId\":null}")));
        for (String body : List.of(
                "{}",
                "{\"userId\":\"u\",\"userCurrency\":\"" + "X".repeat(1000) + "\"}",
                "{\"userId\":\"u\",\"address\":{\"zipCode\":1e20}}",
                "{\"userId\":\"u\",\"creditCard\":{\"creditCardNumber\":\"" + "4".repeat(10_000) + "\"}}",
                "{\"userId\":\"u\",\"creditCard\":{\"creditCardExpirationMonth\":13,\"creditCardExpirationYear\":-5}}",
                "{\"userId\":\"u\",\"email\":\"" + "e".repeat(30_000) + "\"}")) {
            postJson(base + "/api/checkout", body);
        }
        postHuge(base + "/api/checkout", true);
        for (String[] form : List.of(
                new String[] {"/setCurrency", "currency_code=" + "X".repeat(10_000)},
                new String[] {"/setCurrency", "currency_code=XYZ"},
                new String[] {"/cart", "product_id=NOPE&quantity=99999999999999"},
                new String[] {"/cart", "product_id=OLJCESPC7Z&quantity=-1"},
                new String[] {"/cart/empty", ""},
                new String[] {"/cart/checkout", "email=%ZZ&zip_code=1e99&credit_card_expiration_month=abc"},
                new String[] {"/cart/checkout", "x=" + "y".repeat(40_000)})) {
            postForm(base + form[0], form[1]);
        }
        postHuge(base + "/cart", true);
    }

    void quote(String base) {
        for (String body : List.of(
                "{\"numberOfItems\":\"1e50000000\"}",
                "{\"numberOfItems\":\"1e999999999\"}",
                "{\"numberOfItems\":1e999999999}",
                "{\"numberOfItems\":\"-1e-999999999\"}",
                "{\"numberOfItems\":\"NaN\"}",
                "{\"numberOfItems\":\"0x10\"}",
                "{\"numberOfItems\":" + "9".repeat(20_000) + "}",
                "[".repeat(100_000),
                "not json")) {
            postJson(base + "/getquote", body);
        }
        postHuge(base + "/getquote", true);
        postHuge(base + "/getquote", false);
        get(base + "/getquote");
    }

    void email(String base) {
        String items = IntStream.range(0, 5000)
                .mapToObj(i -> "{\"item\":{\"product_id\":\"OLJCESPC7Z\",\"quantity\":1}}")
                .collect(Collectors.joining(","));
        for (String body : List.of(
                "{}",
                "garbage",
                "{\"email\":\"" + "e".repeat(20_000) + "\",\"order\":{}}",
                "{\"email\":\"a@b.c\",\"order\":{\"items\":[" + items + "]}}",
                "{\"email\":\"a@b.c\",\"order\":{\"shipping_cost\":{\"units\":1e400}}}")) {
            postJson(base + "/send_order_confirmation", body);
        }
        postHuge(base + "/send_order_confirmation", true);
        postHuge(base + "/send_order_confirmation", false);
    }

    void flagUi(String base) {
        get(base + "/featureflags/" + "x".repeat(5000));
        get(base + "/featureflags/999999999999999999999/edit");
        get(base + "/featureflags/-1");
        postForm(base + "/featureflags", "name=" + "n".repeat(10_000));
        postHuge(base + "/featureflags", true);
        postHuge(base + "/featureflags", false);
    }

    private void get(String url) {
        send("GET " + shorten(url), request(url).GET());
    }

    private void postJson(String url, String body) {
        send(
                "POST " + shorten(url) + " " + shorten(body),
                request(url)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void postForm(String url, String body) {
        send(
                "POST " + shorten(url) + " form " + shorten(body),
                request(url)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A 50 MB body, streamed: announced by its Content-Length, or chunked with no length. */
    private void postHuge(String url, boolean withLength) {
        HttpRequest.BodyPublisher zeros = HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(HUGE));
        send(
                "POST " + shorten(url) + " 50 MB " + (withLength ? "with" : "without") + " a length",
                request(url)
                        .header("content-type", "application/json")
                        .POST(withLength ? HttpRequest.BodyPublishers.fromPublisher(zeros, HUGE) : zeros));
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(HANG);
    }

    private void send(String what, HttpRequest.Builder request) {
        long t0 = System.nanoTime();
        Outcome outcome;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            outcome = new Outcome(what, response.statusCode(), null, Duration.ofNanos(System.nanoTime() - t0));
        } catch (HttpTimeoutException e) {
            outcome = new Outcome(what, 0, "no answer in " + HANG, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            // A server may answer 413 and close while a streamed body is still being sent: the client then
            // sees the connection closed instead of the answer. That is a refusal, not a failure.
            outcome = new Outcome(what, 0, "closed: " + e, Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        outcomes.add(outcome);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        return text.length() <= 90 ? text : text.substring(0, 80) + "...(" + text.length() + " chars)";
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return '0';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) '0');
            left -= n;
            return n;
        }
    }
}
