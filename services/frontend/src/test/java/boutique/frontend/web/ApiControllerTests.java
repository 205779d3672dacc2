package boutique.frontend.web;

import static boutique.frontend.web.FakeBackends.BINOCULARS;
import static boutique.frontend.web.FakeBackends.EXPLORASCOPE;
import static boutique.frontend.web.FakeBackends.FLASHLIGHT;
import static boutique.frontend.web.FakeBackends.IMAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import hipstershop.AdRequest;
import hipstershop.AddItemRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@FrontendTest
@ExtendWith(OutputCaptureExtension.class)
class ApiControllerTests {

    private static final String PERSON = """
            {"email": "larry_sergei@example.com", "address": {"streetAddress": "1600 Amphitheatre Parkway",
             "zipCode": 94043, "city": "Mountain View", "state": "CA", "country": "United States"},
             "userCurrency": "%s", "creditCard": {"creditCardNumber": "4432-8015-6152-0454",
             "creditCardExpirationMonth": 1, "creditCardExpirationYear": 2039, "creditCardCvv": 672},
             "userId": "%s"}""";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private final FakeBackends backends = FakeBackends.SHARED;

    @BeforeEach
    void reset() {
        backends.reset();
    }

    private MockHttpServletResponse call(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    private JsonNode ok(RequestBuilder request) throws Exception {
        MockHttpServletResponse response = call(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
        return body(response);
    }

    private void assertError(MockHttpServletResponse response, int status, String message) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/json");
        JsonNode error = body(response);
        assertThat(names(error)).containsExactly("error");
        assertThat(error.get("error").asString()).contains(message);
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static RequestBuilder postJson(String path, String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static String addItem(String user, String productId, Object quantity) {
        return "{\"userId\": \"" + user + "\", \"item\": {\"productId\": \"" + productId + "\", \"quantity\": "
                + quantity + "}}";
    }

    @Test
    void products_withoutCurrency_returnsTheNineInUsdWithEveryFieldAndNoConversion() throws Exception {
        JsonNode products = ok(get("/api/products"));

        assertThat(products).hasSize(9);
        JsonNode first = products.get(0);
        assertThat(names(first)).containsExactly("id", "name", "description", "picture", "priceUsd", "categories");
        assertThat(names(first.get("priceUsd"))).containsExactly("currencyCode", "units", "nanos");
        assertThat(first.get("priceUsd").get("units").isIntegralNumber()).isTrue();
        assertThat(first.get("priceUsd").get("units").asLong()).isEqualTo(101);
        JsonNode imager = products.get(5);
        assertThat(imager.get("id").asString()).isEqualTo(IMAGER);
        assertThat(imager.get("priceUsd").get("nanos").isIntegralNumber()).isTrue();
        assertThat(imager.get("priceUsd").get("nanos").asInt()).isZero();
        assertThat(imager.get("categories").isArray()).isTrue();
        assertThat(backends.currency.conversions).isEmpty();
    }

    @Test
    void products_inEuro_convertsEveryPriceExactlyAndKeepsTheFieldName() throws Exception {
        JsonNode products = ok(get("/api/products").param("currencyCode", "EUR"));

        JsonNode flashlight = products.get(6).get("priceUsd");
        assertThat(flashlight.get("currencyCode").asString()).isEqualTo("EUR");
        assertThat(flashlight.get("units").asLong()).isEqualTo(50);
        assertThat(flashlight.get("nanos").asInt()).isEqualTo(490_933_215);
        assertThat(backends.currency.conversions).hasSize(9);
    }

    @Test
    void products_repeatedCurrency_usesTheFirstValue() throws Exception {
        JsonNode products = ok(get("/api/products").param("currencyCode", "JPY", "EUR"));
        assertThat(products.get(0).get("priceUsd").get("currencyCode").asString())
                .isEqualTo("JPY");
    }

    @Test
    void products_unsupportedCurrency_isBadRequestNamingTheCode() throws Exception {
        assertError(call(get("/api/products").param("currencyCode", "XYZ")), 400, "unsupported currency code: XYZ");
    }

    @Test
    void product_byId_returnsOneProduct() throws Exception {
        JsonNode product = ok(get("/api/products/" + FLASHLIGHT));
        assertThat(product.get("name").asString()).isEqualTo("Red Flashlight");
        assertThat(product.get("priceUsd").get("nanos").asInt()).isEqualTo(80_000_000);
    }

    @Test
    void product_unknownId_isNotFound() throws Exception {
        assertError(call(get("/api/products/NOPE")), 404, "Product Not Found: NOPE");
    }

    @ParameterizedTest(name = "catalog {0} -> HTTP {1}")
    @CsvSource({
        "NOT_FOUND, 404",
        "INVALID_ARGUMENT, 400",
        "FAILED_PRECONDITION, 422",
        "UNAVAILABLE, 503",
        "DEADLINE_EXCEEDED, 503",
        "INTERNAL, 500",
        "RESOURCE_EXHAUSTED, 500",
        "UNKNOWN, 500"
    })
    void product_backendStatus_mapsToHttpStatusWithItsMessage(Status.Code code, int http) throws Exception {
        backends.catalog.control.failWith(code, "the catalog says " + code);
        assertError(call(get("/api/products/" + FLASHLIGHT)), http, "the catalog says " + code);
    }

    @Test
    void product_slowCatalog_answersDeadlineExceededAs503() throws Exception {
        backends.catalog.control.answerAfter(Duration.ofSeconds(3));
        long start = System.nanoTime();
        MockHttpServletResponse response = call(get("/api/products/" + FLASHLIGHT));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
    }

    @Test
    void trailingSlash_redirectsWith308ToThePathWithoutItKeepingTheQuery() throws Exception {
        MockHttpServletResponse recommendations = call(get("/api/recommendations/?productIds=" + FLASHLIGHT));
        assertThat(recommendations.getStatus()).isEqualTo(308);
        assertThat(recommendations.getHeader("Location")).isEqualTo("/api/recommendations?productIds=" + FLASHLIGHT);

        MockHttpServletResponse ads = call(get("/api/data/?productIds=" + FLASHLIGHT));
        assertThat(ads.getStatus()).isEqualTo(308);
        assertThat(ads.getHeader("Location")).isEqualTo("/api/data?productIds=" + FLASHLIGHT);
    }

    @Test
    void trailingSlash_onADoubleSlashPath_neverRedirectsToAnotherSite() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "//evil.example/");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new TrailingSlashRedirect().doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(308);
        assertThat(response.getHeader("Location")).isEqualTo("/evil.example");
    }

    @Test
    void recommendations_returnFourOtherProducts() throws Exception {
        JsonNode products = ok(get("/api/recommendations").param("productIds", FLASHLIGHT));

        assertThat(products).hasSize(4);
        assertThat(products.valueStream().map(p -> p.get("id").asString())).doesNotContain(FLASHLIGHT);
        assertThat(names(products.get(0)))
                .containsExactly("id", "name", "description", "picture", "priceUsd", "categories");
        assertThat(backends.recommendation.lastExcluded()).containsExactly(FLASHLIGHT);
    }

    @Test
    void recommendations_commaJoinedOrRepeatedIds_goOutOneEntryPerId() throws Exception {
        ok(get("/api/recommendations").param("productIds", FLASHLIGHT + "," + BINOCULARS));
        assertThat(backends.recommendation.lastExcluded()).containsExactly(FLASHLIGHT, BINOCULARS);

        ok(get("/api/recommendations")
                .param("productIds", FLASHLIGHT, EXPLORASCOPE)
                .param("currencyCode", "EUR"));
        assertThat(backends.recommendation.lastExcluded()).containsExactly(FLASHLIGHT, EXPLORASCOPE);

        ok(get("/api/recommendations").param("productIds", ""));
        assertThat(backends.recommendation.lastExcluded()).isEmpty();
    }

    @Test
    void recommendations_tenThousandIds_isBadRequestAndNotSentOn() throws Exception {
        String ids = String.join(",", Collections.nCopies(10_000, FLASHLIGHT));
        assertError(call(get("/api/recommendations").param("productIds", ids)), 400, "at most 100 ids");
        assertError(call(get("/api/data").param("productIds", ids)), 400, "at most 100 ids");
        assertThat(backends.recommendation.control.requests).isEmpty();
        assertThat(backends.ads.control.requests).isEmpty();
    }

    @Test
    void data_returnsAdsWithTheirTwoFields() throws Exception {
        JsonNode ads = ok(get("/api/data").param("productIds", FLASHLIGHT));

        assertThat(ads).hasSize(2);
        assertThat(names(ads.get(0))).containsExactly("redirectUrl", "text");
        assertThat(ads.get(0).get("redirectUrl").asString()).isEqualTo("/product/" + BINOCULARS);
        assertThat(((AdRequest) backends.ads.control.requests.get(0)).getContextKeysList())
                .containsExactly(FLASHLIGHT);
    }

    @Test
    void data_adServiceFailing_isItsMappedStatus() throws Exception {
        backends.ads.control.failWith(Status.Code.RESOURCE_EXHAUSTED, "GetAds failed: adServiceFailure is on");
        assertError(call(get("/api/data").param("productIds", FLASHLIGHT)), 500, "adServiceFailure is on");
    }

    @Test
    void cart_withoutSession_readsTheAnonymousCartAsAnEmptyCart() throws Exception {
        JsonNode cart = ok(get("/api/cart"));
        assertThat(json.writeValueAsString(cart)).isEqualTo("{\"userId\":\"\",\"items\":[]}");
    }

    @Test
    void cart_post_addsAndAnswersTheRawCartThenGetShowsProducts() throws Exception {
        JsonNode cart = ok(postJson("/api/cart?currencyCode=EUR", addItem("u1", FLASHLIGHT, 2)));
        assertThat(json.writeValueAsString(cart))
                .isEqualTo("{\"userId\":\"u1\",\"items\":[{\"productId\":\"" + FLASHLIGHT + "\",\"quantity\":2}]}");

        ok(postJson("/api/cart", addItem("u1", FLASHLIGHT, "\"3\"")));
        JsonNode full = ok(get("/api/cart").param("sessionId", "u1").param("currencyCode", "EUR"));
        JsonNode line = full.get("items").get(0);
        assertThat(names(line)).containsExactly("productId", "quantity", "product");
        assertThat(line.get("quantity").asInt()).isEqualTo(5);
        assertThat(line.get("product").get("priceUsd").get("currencyCode").asString())
                .isEqualTo("EUR");
    }

    @Test
    void cart_post_withoutContentType_isStillReadAsJson() throws Exception {
        ok(post("/api/cart").content(addItem("u2", BINOCULARS, 1)));
        assertThat(backends.cart.cartOf("u2").getItemsCount()).isEqualTo(1);
    }

    @Test
    void cart_post_unknownProduct_isNotFoundAndNothingIsStored() throws Exception {
        assertError(call(postJson("/api/cart", addItem("u3", "NOPE", 1))), 404, "Product Not Found: NOPE");
        assertThat(backends.cart.control.requests.stream().filter(AddItemRequest.class::isInstance))
                .isEmpty();
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(strings = {"0", "11", "-1", "\"abc\"", "2.5", "null", "99999999999", "true"})
    void cart_post_quantityOutsideOneToTenOrNotANumber_isBadRequest(String quantity) throws Exception {
        MockHttpServletResponse response = call(postJson("/api/cart", addItem("u4", FLASHLIGHT, quantity)));
        assertError(response, 400, "quantity");
        assertThat(backends.cart.carts).doesNotContainKey("u4");
    }

    @ParameterizedTest(name = "body {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"item\": {\"productId\": \"LS4PSXUNUM\", \"quantity\": 1}} | userId is required",
                "{\"userId\": \"u5\"} | item is required",
                "{\"userId\": \"u5\", \"item\": {\"quantity\": 1}} | item.productId is required",
                "{\"userId\": \"u5\", \"item\": {\"productId\": \"LS4PSXUNUM\"}} | item.quantity is required",
                "{\"userId\": \"u5\", | malformed JSON",
                "[1, 2] | not valid",
                "null | must be a JSON object",
                "'' | a JSON request body is required"
            })
    void cart_post_badBody_isBadRequestWithAMessage(String body, String message) throws Exception {
        assertError(call(postJson("/api/cart", body)), 400, message);
    }

    @Test
    void cart_delete_emptiesTheCartAndAnswers204WithoutBody() throws Exception {
        ok(postJson("/api/cart", addItem("u6", FLASHLIGHT, 1)));

        MockHttpServletResponse response =
                call(delete("/api/cart").contentType(MediaType.APPLICATION_JSON).content("{\"userId\": \"u6\"}"));

        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(response.getContentAsString()).isEmpty();
        assertThat(backends.cart.cartOf("u6").getItemsCount()).isZero();
        assertError(call(delete("/api/cart").content("{}")), 400, "userId is required");
    }

    @Test
    void cart_storageOutage_is503() throws Exception {
        backends.cart.control.failWith(Status.Code.UNAVAILABLE, "Can't access cart storage.");
        assertError(call(get("/api/cart")), 503, "Can't access cart storage.");
    }

    @Test
    void wrongMethodOrUnknownPath_areJsonErrors() throws Exception {
        assertError(call(put("/api/cart").content("{}")), 405, "PUT is not allowed");
        assertError(call(post("/api/currency")), 405, "POST is not allowed");
        assertError(call(delete("/api/products")), 405, "DELETE is not allowed");
        assertError(call(get("/api/nothing-here")), 404, "/api/nothing-here");
    }

    @Test
    void currency_listsTheThirtyThreeCodes() throws Exception {
        JsonNode codes = ok(get("/api/currency"));
        assertThat(codes).hasSize(33);
        assertThat(codes.get(0).asString()).isEqualTo("EUR");
    }

    @Test
    void shipping_chargesPerUnitInUsdByDefaultAndConvertsOnRequest() throws Exception {
        String items = "[{\"productId\":\"" + FLASHLIGHT + "\",\"quantity\":2}]";

        JsonNode usd = ok(get("/api/shipping").param("itemList", items));
        assertThat(json.writeValueAsString(usd))
                .isEqualTo("{\"currencyCode\":\"USD\",\"units\":17,\"nanos\":800000000}");
        assertThat(backends.currency.conversions).isEmpty();

        JsonNode eur = ok(get("/api/shipping").param("itemList", items).param("currencyCode", "EUR"));
        assertThat(eur.get("currencyCode").asString()).isEqualTo("EUR");
        assertThat(eur.get("units").asLong()).isEqualTo(15);
    }

    @ParameterizedTest(name = "itemList {0}")
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"productId\":\"X\"}",
                "[{\"productId\":\"X\",\"quantity\":0}]",
                "[{\"quantity\":1}]",
                "[null]"
            })
    void shipping_badItemList_isBadRequest(String itemList) throws Exception {
        assertError(call(get("/api/shipping").param("itemList", itemList)), 400, "itemList");
    }

    @Test
    void checkout_placesTheOrderAndAnswersItWithProducts() throws Exception {
        ok(postJson("/api/cart", addItem("buyer", FLASHLIGHT, 2)));
        ok(postJson("/api/cart", addItem("buyer", IMAGER, 1)));

        JsonNode order = ok(postJson("/api/checkout", PERSON.formatted("CAD", "buyer")));

        assertThat(names(order))
                .containsExactly("orderId", "shippingTrackingId", "shippingCost", "shippingAddress", "items");
        assertThat(order.get("orderId").asString()).isNotBlank();
        assertThat(order.get("shippingCost").get("currencyCode").asString()).isEqualTo("CAD");
        assertThat(names(order.get("shippingAddress")))
                .containsExactly("streetAddress", "city", "state", "country", "zipCode");
        assertThat(order.get("shippingAddress").get("zipCode").asInt()).isEqualTo(94043);
        JsonNode item = order.get("items").get(0);
        assertThat(names(item)).containsExactly("cost", "item");
        assertThat(item.get("cost").get("currencyCode").asString()).isEqualTo("CAD");
        assertThat(names(item.get("item"))).containsExactly("productId", "quantity", "product");
        assertThat(item.get("item")
                        .get("product")
                        .get("priceUsd")
                        .get("currencyCode")
                        .asString())
                .isEqualTo("USD");
        assertThat(backends.cart.cartOf("buyer").getItemsCount()).isZero();
    }

    @Test
    void checkout_numbersAsStrings_areAccepted() throws Exception {
        String body =
                PERSON.formatted("USD", "strings").replace("94043", "\"94043\"").replace("672", "\"672\"");
        JsonNode order = ok(postJson("/api/checkout?currencyCode=EUR", body));
        assertThat(order.get("shippingAddress").get("zipCode").asInt()).isEqualTo(94043);
    }

    @Test
    void checkout_refusedCardOrMissingUser_isBadRequestWithTheReason() throws Exception {
        assertError(
                call(postJson("/api/checkout", PERSON.formatted("USD", "u7").replace("4432-", "1234-"))),
                400,
                "Credit card info is invalid.");
        assertError(
                call(postJson("/api/checkout", PERSON.formatted("USD", "u7").replace("\"userId\"", "\"user\""))),
                400,
                "userId is required");
        assertError(
                call(postJson("/api/checkout", PERSON.formatted("XYZ", "u7"))), 400, "unsupported currency code: XYZ");
        assertError(call(postJson("/api/checkout", "{not json")), 400, "malformed JSON");
    }

    @Test
    void checkout_checkoutServiceDown_is503() throws Exception {
        backends.checkout.control.failWith(Status.Code.UNAVAILABLE, "checkout is down");
        assertError(call(postJson("/api/checkout", PERSON.formatted("USD", "u8"))), 503, "checkout is down");
    }

    @Test
    void htmlInFields_isReturnedAsDataNotMarkup() throws Exception {
        JsonNode cart = ok(postJson("/api/cart", addItem("<script>alert(1)</script>", FLASHLIGHT, 1)));
        assertThat(cart.get("userId").asString()).isEqualTo("<script>alert(1)</script>");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"zipCode\": 94043 | \"zipCode\": -1 | address.zipCode must be between 0 and 999999999",
                "\"zipCode\": 94043 | \"zipCode\": 1000000000 | address.zipCode must be between 0 and 999999999",
                "\"creditCardCvv\": 672 | \"creditCardCvv\": 10000 | creditCard.creditCardCvv must be between 0 and 9999",
                "\"creditCardCvv\": 672 | \"creditCardCvv\": -672 | creditCard.creditCardCvv must be between 0 and 9999",
                "\"creditCardExpirationMonth\": 1 | \"creditCardExpirationMonth\": 13 | creditCardExpirationMonth must be between 1 and 12",
                "\"creditCardExpirationMonth\": 1 | \"creditCardExpirationMonth\": 0 | creditCardExpirationMonth must be between 1 and 12",
                "\"creditCardExpirationYear\": 2039 | \"creditCardExpirationYear\": 10000 | creditCardExpirationYear must be between 0 and 9999",
                "\"creditCardExpirationYear\": 2039 | \"creditCardExpirationYear\": -2039 | creditCardExpirationYear must be between 0 and 9999",
                "4432-8015-6152-0454 | 4432-8015-6152-0454-4432-8015-6152-0454 | creditCardNumber must be at most 32 characters",
                "\"zipCode\": 94043 | \"zipCode\": 99999999999 | address.zipCode has the wrong type or value"
            })
    void checkout_numberOutOfRange_isBadRequestNamingTheFieldAndNothingIsOrdered(
            String field, String outOfRange, String message) throws Exception {
        ok(postJson("/api/cart", addItem("ranges", FLASHLIGHT, 1)));

        assertError(
                call(postJson("/api/checkout", PERSON.formatted("USD", "ranges").replace(field, outOfRange))),
                400,
                message);
        assertThat(backends.checkout.control.requests).isEmpty();
    }

    @Test
    void checkout_isGivenTwentySeconds_whileOtherCallsKeepTheChannelsDefault() throws Exception {
        ok(postJson("/api/cart", addItem("deadlines", FLASHLIGHT, 1)));
        ok(postJson("/api/checkout", PERSON.formatted("USD", "deadlines")));

        assertThat(backends.checkout.control.timeLeft)
                .singleElement()
                .satisfies(left -> assertThat(left).isGreaterThan(Duration.ofSeconds(15)));
        assertThat(backends.checkout.control.timeLeft.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(backends.cart.control.timeLeft)
                .isNotEmpty()
                .allSatisfy(left -> assertThat(left).isLessThanOrEqualTo(FakeBackends.DEFAULT_DEADLINE));
        assertThat(backends.catalog.control.timeLeft)
                .isNotEmpty()
                .allSatisfy(left -> assertThat(left).isLessThanOrEqualTo(FakeBackends.DEFAULT_DEADLINE));
    }

    @Test
    void checkout_slowerThanTheChannelsDefaultDeadline_stillPlacesTheOrder() throws Exception {
        ok(postJson("/api/cart", addItem("patient", FLASHLIGHT, 1)));
        backends.checkout.control.answerAfter(FakeBackends.DEFAULT_DEADLINE.plusSeconds(1));

        JsonNode order = ok(postJson("/api/checkout", PERSON.formatted("USD", "patient")));

        assertThat(order.get("orderId").asString()).isNotBlank();
    }

    @Test
    void logs_anOrderAtInfo_butNotEachCartChange(CapturedOutput log) throws Exception {
        ok(postJson("/api/cart", addItem("quiet", FLASHLIGHT, 1)));
        call(delete("/api/cart").content("{\"userId\": \"someone-else\"}"));
        ok(postJson("/api/cart", addItem("quiet", FLASHLIGHT, 1)));
        ok(postJson("/api/checkout", PERSON.formatted("USD", "quiet")));

        assertThat(log.getOut()).doesNotContain("add to cart", "empty cart");
        assertThat(log.getOut()).containsPattern("INFO .* order placed orderId=[0-9a-f-]{36} userId=quiet items=1");
    }
}
