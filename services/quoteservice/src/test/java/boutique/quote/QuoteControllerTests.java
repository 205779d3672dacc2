package boutique.quote;

import static boutique.kit.testing.LocalHttp.jsonError;
import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.LocalHttp;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The quote service over real HTTP on a random port, as the shipping service and curl see it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QuoteControllerTests {

    @LocalServerPort
    int port;

    private LocalHttp http;

    @BeforeEach
    void client() {
        http = new LocalHttp(port, Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"numberOfItems\":4}          | 35.6",
                "{\"numberOfItems\":3}          | 26.700000000000003",
                "{\"numberOfItems\":9}          | 80.10000000000001",
                "{\"numberOfItems\":0}          | 0",
                "{\"numberOfItems\":10}         | 89",
                "{\"numberOfItems\":\"2\"}      | 17.8",
                "{\"numberOfItems\":\" 2 \"}    | 17.8",
                "{\"numberOfItems\":2.9}        | 17.8",
                "{\"numberOfItems\":1,\"x\":[]} | 8.9",
            })
    void getQuote_validBody_answersTheQuoteAsABareJsonNumber(String body, String expected) throws Exception {
        HttpResponse<String> response = post("/getquote", body, "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(expected);
    }

    @Test
    void getQuote_parsesToTheBinaryDoubleOf8point9TimesN() throws Exception {
        HttpResponse<String> response = post("/getquote", "{\"numberOfItems\":3}", "application/json");
        assertThat(Double.parseDouble(response.body())).isEqualTo(8.9 * 3);
    }

    @Test
    void getQuote_withoutJsonContentType_stillReadsTheBody() throws Exception {
        // What curl -d sends: the reference decodes the raw body whatever the content type.
        assertThat(post("/getquote", "{\"numberOfItems\":1}", "application/x-www-form-urlencoded")
                        .body())
                .isEqualTo("8.9");
        assertThat(post("/getquote", "{\"numberOfItems\":1}", "text/plain").body())
                .isEqualTo("8.9");
    }

    @ParameterizedTest(name = "{0} -> 400 {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                 | numberOfItems is required",
                "{\"numberOfItems\":null}           | numberOfItems is required",
                "{\"numberOfItems\":-1}             | numberOfItems must not be negative",
                "{\"numberOfItems\":-0.5}           | numberOfItems must not be negative",
                "{\"numberOfItems\":\"two\"}        | numberOfItems must be a number",
                "{\"numberOfItems\":\"\"}           | numberOfItems must be a number",
                "{\"numberOfItems\":true}           | numberOfItems must be a number",
                "{\"numberOfItems\":[2]}            | numberOfItems must be a number",
                "{\"numberOfItems\":{\"n\":2}}      | numberOfItems must be a number",
                "{\"numberOfItems\":4294967296}     | numberOfItems must be at most 4294967295",
                "{\"numberOfItems\":1e300}          | numberOfItems must be at most 4294967295",
                "{\"numberOfItems\":\"99999999999999999999\"} | numberOfItems must be at most 4294967295",
                "not json                           | body is not valid JSON",
                "{\"numberOfItems\":                | body is not valid JSON",
                "{\"numberOfItems\":2               | body is not valid JSON",
                "{\"numberOfItems\":2} trailing     | body is not valid JSON",
                "[2]                                | body must be a JSON object like {\"numberOfItems\": 2}",
                "2                                  | body must be a JSON object like {\"numberOfItems\": 2}",
                "\"x\"                              | body must be a JSON object like {\"numberOfItems\": 2}",
            })
    void getQuote_invalidBody_isBadRequestWithAJsonMessage(String body, String message) throws Exception {
        HttpResponse<String> response = post("/getquote", body, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(jsonError(message));
    }

    @ParameterizedTest(name = "blank body {0}")
    @ValueSource(strings = {"", "   ", "\n"})
    void getQuote_emptyBody_isBadRequest(String body) throws Exception {
        HttpResponse<String> response = post("/getquote", body, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\"").contains("body is empty");
    }

    @Test
    void getQuote_hugeBody_isRefusedWithoutBufferingIt() throws Exception {
        String huge = "{\"numberOfItems\":1,\"pad\":\"" + "x".repeat(5_000_000) + "\"}";
        HttpResponse<String> response = post("/getquote", huge, "application/json");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(jsonError("body must be at most 16384 bytes"));
    }

    @Test
    void getQuote_hugeNumber_isBadRequestNotAServerError() throws Exception {
        HttpResponse<String> response =
                post("/getquote", "{\"numberOfItems\":" + "9".repeat(5_000) + "}", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":");
    }

    @ParameterizedTest(name = "numberOfItems {0} -> 400 {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1e50000000          | numberOfItems must be at most 4294967295",
                "\"1e50000000\"    | numberOfItems must be at most 4294967295",
                "1e999999999         | numberOfItems must be at most 4294967295",
                "\"1e999999999\"   | numberOfItems must be at most 4294967295",
                "1e-50000000         | numberOfItems must have at most 20 digits after the decimal point",
                "\"1e-999999999\"  | numberOfItems must have at most 20 digits after the decimal point",
                "1e9999999999        | body holds a number out of range",
                "\"0x10\"          | numberOfItems must be a number",
                "\"NaN\"           | numberOfItems must be a number",
                "\"Infinity\"      | numberOfItems must be a number",
                "NaN                 | body is not valid JSON",
            })
    void getQuote_hostileNumber_isBadRequestAtOnce(String value, String message) throws Exception {
        // Before the fix, 1e50000000 kept a core busy for minutes and 1e999999999 answered 500.
        post("/getquote", "{\"numberOfItems\":1}", "application/json");
        long started = System.nanoTime();
        HttpResponse<String> response = post("/getquote", "{\"numberOfItems\":" + value + "}", "application/json");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError(message));
        assertThat(post("/getquote", "{\"numberOfItems\":2}", "application/json")
                        .body())
                .isEqualTo("17.8");
    }

    @Test
    void getQuote_deeplyNestedJson_isBadRequest() throws Exception {
        String nested = "{\"numberOfItems\":1,\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        HttpResponse<String> response = post("/getquote", nested, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("body is not valid JSON"));
    }

    @Test
    void getQuote_nestingWithinTheParsersLimit_isRead() throws Exception {
        String nested = "{\"numberOfItems\":1,\"x\":" + "[".repeat(400) + "]".repeat(400) + "}";
        assertThat(post("/getquote", nested, "application/json").body()).isEqualTo("8.9");
    }

    @Test
    void getQuote_longStringsAndManyKeysWithinTheBodyLimit_areRead() throws Exception {
        StringBuilder body = new StringBuilder("{\"pad\":\"" + "x".repeat(8_000) + "\"");
        for (int i = 0; body.length() < QuoteController.MAX_BODY_BYTES - 100; i++) {
            body.append(",\"k").append(i).append("\":").append(i);
        }
        body.append(",\"numberOfItems\":3}");
        assertThat(post("/getquote", body.toString(), "application/json").body())
                .isEqualTo("26.700000000000003");
    }

    @Test
    void getQuote_manyKeysBeyondTheBodyLimit_isRefused() throws Exception {
        StringBuilder body = new StringBuilder("{\"numberOfItems\":3");
        for (int i = 0; i < 100_000; i++) {
            body.append(",\"k").append(i).append("\":").append(i);
        }
        HttpResponse<String> response = post("/getquote", body.append('}').toString(), "application/json");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(jsonError("body must be at most 16384 bytes"));
    }

    @ParameterizedTest(name = "{0} /getquote -> 405")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void getQuote_wrongMethod_isMethodNotAllowedWithAJsonMessage(String method) throws Exception {
        HttpResponse<String> response = http.send(http.request("/getquote")
                .method(method, BodyPublishers.noBody())
                .build());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).isEqualTo(jsonError("method " + method + " is not allowed on /getquote"));
    }

    @Test
    void unknownPath_isNotFoundWithAJsonMessage() throws Exception {
        HttpResponse<String> response = post("/quote", "{\"numberOfItems\":1}", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(jsonError("no such route: POST /quote"));
    }

    @Test
    void health_isUp() throws Exception {
        HttpResponse<String> response = http.get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    private HttpResponse<String> post(String path, String body, String contentType)
            throws IOException, InterruptedException {
        return http.post(path, body, contentType);
    }
}
