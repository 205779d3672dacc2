package boutique.email;

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

/** The email service over real HTTP on a random port, as checkout calls it. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EmailControllerTests {

    private static final String ITEM = "{\"item\":{\"product_id\":\"LS4PSXUNUM\",\"quantity\":%s},"
            + "\"cost\":{\"currency_code\":\"USD\",\"units\":%s,\"nanos\":%s}}";

    @LocalServerPort
    int port;

    private LocalHttp http;

    @BeforeEach
    void client() {
        http = new LocalHttp(port, Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Orders.SNAKE_CASE_ORDER, Orders.CAMEL_CASE_ORDER, Orders.EMPTY_CART_ORDER})
    void sendOrderConfirmation_orderAsCheckoutSendsIt_isOkWithAnEmptyBody(String order) throws Exception {
        HttpResponse<String> response = post(Orders.confirmation("someone@example.com", order), "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void sendOrderConfirmation_withoutContentType_isStillReadAsJson() throws Exception {
        assertThat(post(Orders.confirmation("someone@example.com", Orders.SNAKE_CASE_ORDER), "text/plain")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post(
                                Orders.confirmation("someone@example.com", Orders.SNAKE_CASE_ORDER),
                                "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void sendOrderConfirmation_unknownKeys_areIgnored() throws Exception {
        String body = "{\"email\":\"a@example.com\",\"extra\":[1,2],\"order\":{\"order_id\":\"1\",\"kafka\":true}}";
        assertThat(post(body, "application/json").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} -> 400 {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"email\":\"a@example.com\"}                     | order is required",
                "{\"email\":\"a@example.com\",\"order\":null}      | order is required",
                "{\"order\":{\"order_id\":\"1\"}}                  | email is required",
                "{\"email\":\"\",\"order\":{\"order_id\":\"1\"}}   | email is required",
                "{\"email\":\"  \",\"order\":{\"order_id\":\"1\"}} | email is required",
                "{\"email\":\"nobody\",\"order\":{}}               | email must be one address like someone@example.com, at most 254 characters",
                "{\"email\":\"a@b.c\\r\\nBcc: x@y.z\",\"order\":{}} | email must be one address like someone@example.com, at most 254 characters",
                "not json                                          | body is not valid JSON",
                "{\"email\":\"a@example.com\",\"order\":{          | body is not valid JSON",
                "{\"email\":\"a@example.com\"                      | body is not valid JSON",
                "{\"email\":\"a@example.com\",\"order\":{}} x      | body is not valid JSON",
                "[1,2]                                             | body must be a JSON object {\"email\": ..., \"order\": ...}",
                "42                                                | body must be a JSON object {\"email\": ..., \"order\": ...}",
                "{\"email\":\"a@example.com\",\"order\":[]}        | value of the wrong type at order",
                "{\"email\":\"a@example.com\",\"order\":{\"items\":{}}} | value of the wrong type at order.items",
                "{\"email\":\"a@example.com\",\"order\":{\"shipping_cost\":{\"units\":\"ten\"}}} | value of the wrong type at order.shipping_cost.units",
                "{\"email\":\"a@example.com\",\"order\":{\"shipping_cost\":{\"units\":99999999999999999999}}} | number out of range at order.shipping_cost.units",
                "{\"email\":\"a@example.com\",\"order\":{\"shipping_cost\":{\"currency_code\":\"USD\",\"units\":1,\"nanos\":1000000000}}} | invalid money: nanos 1000000000 outside -999999999..999999999",
                "{\"email\":\"a@example.com\",\"order\":{\"shipping_cost\":{\"currency_code\":\"USD\",\"units\":1,\"nanos\":-5}}} | invalid money: units 1 and nanos -5 have opposite signs",
                "{\"email\":\"a@example.com\",\"order\":{\"items\":[null]}}                   | every item needs a product_id",
                "{\"email\":\"a@example.com\",\"order\":{\"items\":[{\"item\":{\"quantity\":1}}]}} | every item needs a product_id",
                "{\"email\":\"a@example.com\",\"order\":{\"items\":[{\"item\":{\"product_id\":\"A\"}}]}} | quantity must be at least 1",
            })
    void sendOrderConfirmation_invalidBody_isBadRequestWithAJsonMessage(String body, String message) throws Exception {
        HttpResponse<String> response = post(body, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(jsonError(message));
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(strings = {"0", "-1", "-2147483648"})
    void sendOrderConfirmation_quantityBelowOne_isBadRequest(String quantity) throws Exception {
        HttpResponse<String> response = post(order(ITEM.formatted(quantity, 1, 0)), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("quantity must be at least 1"));
    }

    @Test
    void sendOrderConfirmation_itemCostOutOfRange_isBadRequest() throws Exception {
        HttpResponse<String> response = post(order(ITEM.formatted(1, -3, 5)), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("invalid money: units -3 and nanos 5 have opposite signs"));
    }

    @Test
    void sendOrderConfirmation_largestAmountsTimesQuantity_isBadRequestNotAServerError() throws Exception {
        HttpResponse<String> response =
                post(order(ITEM.formatted(Integer.MAX_VALUE, Long.MAX_VALUE, 0)), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"invalid money: ");
    }

    @ParameterizedTest(name = "blank body \"{0}\"")
    @ValueSource(strings = {"", " ", "\n\t"})
    void sendOrderConfirmation_emptyBody_isBadRequest(String body) throws Exception {
        HttpResponse<String> response = post(body, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"body is empty");
    }

    @Test
    void sendOrderConfirmation_hugeBody_isRefused() throws Exception {
        String huge = Orders.confirmation("a@example.com", "{\"order_id\":\"" + "x".repeat(3_000_000) + "\"}");
        HttpResponse<String> response = post(huge, "application/json");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(jsonError("body must be at most 262144 bytes"));
    }

    @Test
    void sendOrderConfirmation_mostItemsAnOrderMayHave_isOk() throws Exception {
        assertThat(post(order(items(ConfirmationMail.MAX_ITEMS)), "application/json")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void sendOrderConfirmation_moreItemsThanAnOrderMayHave_isBadRequest() throws Exception {
        HttpResponse<String> response = post(order(items(ConfirmationMail.MAX_ITEMS + 1)), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("an order must have at most 1000 items"));
    }

    @ParameterizedTest(name = "{0} of {1} characters -> 400")
    @CsvSource({
        "order_id, 65, 64",
        "shipping_tracking_id, 65, 64",
        "street_address, 257, 256",
        "city, 257, 256",
        "state, 257, 256",
        "country, 257, 256",
        "zip_code, 257, 256",
        "product_id, 65, 64",
    })
    void sendOrderConfirmation_textLongerThanItsField_isBadRequestNamingIt(String field, int length, int max)
            throws Exception {
        String value = "x".repeat(length);
        String order = switch (field) {
            case "order_id", "shipping_tracking_id" -> "{\"" + field + "\":\"" + value + "\"}";
            case "product_id" -> "{\"items\":[{\"item\":{\"product_id\":\"" + value + "\",\"quantity\":1}}]}";
            default -> "{\"shipping_address\":{\"" + field + "\":\"" + value + "\"}}";
        };
        HttpResponse<String> response = post(Orders.confirmation("a@example.com", order), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError(field + " must be at most " + max + " characters"));

        String longest = order.replace(value, "x".repeat(max));
        assertThat(post(Orders.confirmation("a@example.com", longest), "application/json")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void sendOrderConfirmation_currencyCodeLongerThanThree_isBadRequest() throws Exception {
        HttpResponse<String> response = post(
                Orders.confirmation("a@example.com", "{\"shipping_cost\":{\"currency_code\":\"USDX\",\"units\":1}}"),
                "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("invalid money: currency code must be at most 3 characters"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"units\":1e50000000     | number out of range at order.shipping_cost.units",
                "\"units\":1e999999999    | number out of range at order.shipping_cost.units",
                "\"units\":1e-50000000    | 200",
                "\"units\":\"1e50000000\" | value of the wrong type at order.shipping_cost.units",
                "\"nanos\":1e50000000     | number out of range at order.shipping_cost.nanos",
                "\"units\":1e9999999999   | number out of range at order.shipping_cost.units",
                "\"units\":NaN            | body is not valid JSON",
                "\"units\":99999999999999999999999 | number out of range at order.shipping_cost.units",
            })
    void sendOrderConfirmation_hostileNumber_isAnsweredAtOnce(String money, String outcome) throws Exception {
        post(Orders.confirmation("a@example.com", Orders.SNAKE_CASE_ORDER), "application/json");
        long started = System.nanoTime();
        HttpResponse<String> response = post(
                Orders.confirmation("a@example.com", "{\"shipping_cost\":{\"currency_code\":\"USD\"," + money + "}}"),
                "application/json");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        if (outcome.equals("200")) {
            assertThat(response.statusCode()).isEqualTo(200);
        } else {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(jsonError(outcome));
        }
    }

    @Test
    void sendOrderConfirmation_deeplyNestedJson_isBadRequest() throws Exception {
        String body =
                "{\"email\":\"a@example.com\",\"order\":{},\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        HttpResponse<String> response = post(body, "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(jsonError("body is not valid JSON"));
    }

    @Test
    void sendOrderConfirmation_manyUnknownKeysAndALongUnknownString_areIgnored() throws Exception {
        StringBuilder body = new StringBuilder("{\"email\":\"a@example.com\",\"pad\":\"" + "x".repeat(100_000) + "\"");
        for (int i = 0; body.length() < EmailController.MAX_BODY_BYTES - 1_000; i++) {
            body.append(",\"k").append(i).append("\":").append(i);
        }
        body.append(",\"order\":").append(Orders.SNAKE_CASE_ORDER).append('}');
        assertThat(post(body.toString(), "application/json").statusCode()).isEqualTo(200);
    }

    private static String items(int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append(ITEM.formatted(i % 10 + 1, 57, 799999999));
        }
        return items.toString();
    }

    @Test
    void sendOrderConfirmation_hugeEmail_isBadRequest() throws Exception {
        HttpResponse<String> response = post(
                Orders.confirmation("a".repeat(100_000) + "@example.com", Orders.SNAKE_CASE_ORDER), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} /send_order_confirmation -> 405")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void sendOrderConfirmation_wrongMethod_isMethodNotAllowed(String method) throws Exception {
        HttpResponse<String> response = http.send(http.request("/send_order_confirmation")
                .method(method, BodyPublishers.noBody())
                .build());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body())
                .isEqualTo(jsonError("method " + method + " is not allowed on /send_order_confirmation"));
    }

    @Test
    void unknownPath_isNotFoundWithAJsonMessage() throws Exception {
        HttpResponse<String> response = http.send(http.request("/send")
                .header("Accept", "text/html")
                .POST(BodyPublishers.ofString("{}"))
                .build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(jsonError("no such route: POST /send"));
    }

    @Test
    void health_isUp() throws Exception {
        HttpResponse<String> response = http.get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    private static String order(String items) {
        return Orders.confirmation("a@example.com", "{\"order_id\":\"1\",\"items\":[" + items + "]}");
    }

    private HttpResponse<String> post(String body, String contentType) throws IOException, InterruptedException {
        return http.post("/send_order_confirmation", body, contentType);
    }
}
