package boutique.frontend.web;

import static boutique.frontend.web.FakeBackends.BINOCULARS;
import static boutique.frontend.web.FakeBackends.EXPLORASCOPE;
import static boutique.frontend.web.FakeBackends.FLASHLIGHT;
import static boutique.frontend.web.FakeBackends.IMAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@FrontendTest
@ExtendWith(OutputCaptureExtension.class)
class PageControllerTests {

    private static final String SESSION = "0f8e2f4c-8d0b-4a3e-9a57-2b7c1d9e6a11";

    /** The checkout form as the cart page fills it in. */
    private static final Map<String, String> CHECKOUT_FORM = new LinkedHashMap<>();

    static {
        CHECKOUT_FORM.put("email", "someone@example.com");
        CHECKOUT_FORM.put("street_address", "1600 Amphitheatre Parkway");
        CHECKOUT_FORM.put("zip_code", "94043");
        CHECKOUT_FORM.put("city", "Mountain View");
        CHECKOUT_FORM.put("state", "CA");
        CHECKOUT_FORM.put("country", "United States");
        CHECKOUT_FORM.put("credit_card_number", "4432-8015-6152-0454");
        CHECKOUT_FORM.put("credit_card_expiration_month", "1");
        CHECKOUT_FORM.put("credit_card_expiration_year", "2030");
        CHECKOUT_FORM.put("credit_card_cvv", "672");
    }

    @Autowired
    private MockMvc mvc;

    private final FakeBackends backends = FakeBackends.SHARED;

    @BeforeEach
    void reset() {
        backends.reset();
        FrontendTest.FLAGS.set(SlowImages.FLAG, 0);
    }

    private MockHttpServletResponse page(MockHttpServletRequestBuilder request, String currency) throws Exception {
        request.cookie(new Cookie(Visitor.SESSION_COOKIE, SESSION));
        if (currency != null) {
            request.cookie(new Cookie(Visitor.CURRENCY_COOKIE, currency));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private String ok(MockHttpServletRequestBuilder request, String currency) throws Exception {
        MockHttpServletResponse response = page(request, currency);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/html");
        return response.getContentAsString();
    }

    private static int count(String html, String text) {
        return html.split(Pattern.quote(text), -1).length - 1;
    }

    @Test
    void home_firstVisit_startsASessionInAnHttpOnlyCookieShownInTheFooter() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String cookie = response.getHeader("Set-Cookie");
        assertThat(cookie)
                .startsWith("shop_session-id=")
                .contains("Max-Age=172800", "HttpOnly", "SameSite=Lax", "Path=/");
        String id = cookie.substring("shop_session-id=".length(), cookie.indexOf(';'));
        assertThat(id).matches("[0-9a-f-]{36}");
        String html = response.getContentAsString();
        assertThat(html).contains("session-id: " + id);
        assertThat(html).contains("userId: \"" + id + "\"");
    }

    @Test
    void home_showsTheNineProductsWithUsdPricesAndTheHooks() throws Exception {
        String html = ok(get("/"), null);

        assertThat(html)
                .contains(
                        "data-cy=\"home-page\"",
                        "data-cy=\"product-list\"",
                        "data-cy=\"hot-products\"",
                        "data-cy=\"currency-switcher\"",
                        "data-cy=\"cart-icon\"",
                        "data-cy=\"session-id\"");
        assertThat(count(html, "data-cy=\"product-card\"")).isEqualTo(9);
        assertThat(count(html, "<header")).isEqualTo(1);
        assertThat(count(html, "<footer")).isEqualTo(1);
        assertThat(html).contains("$101.96", "$57.08", "$175.00", "$3,599.00");
        assertThat(html).contains("href=\"/product/" + FLASHLIGHT + "\"", "/images/products/RedFlashlight.svg");
        assertThat(html).contains("session-id: " + SESSION);
        assertThat(html).contains("platform-gcp");
        assertThat(html).doesNotContain("data-cy=\"cart-item-count\"");
    }

    @Test
    void home_inEuroAndYen_showsPricesInThatCurrency() throws Exception {
        assertThat(ok(get("/"), "EUR")).contains("€50.49", "€90.19").doesNotContain("$101.96");
        assertThat(ok(get("/"), "JPY")).contains("¥11,400", "<option value=\"JPY\" selected=\"selected\">JPY</option>");
    }

    @Test
    void home_catalogDown_isAFriendlyErrorPageWithTheReason() throws Exception {
        backends.catalog.control.failWith(Status.Code.UNAVAILABLE, "catalog unreachable");

        MockHttpServletResponse response = page(get("/"), null);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString())
                .contains("Part of the shop is not answering right now", "catalog unreachable", "Back to the shop")
                .doesNotContain("Exception", "at boutique");
    }

    @Test
    void product_showsPictureDescriptionPriceQuantityRecommendationsAndAnAd() throws Exception {
        String html = ok(get("/product/" + FLASHLIGHT), null);

        assertThat(html)
                .contains(
                        "data-cy=\"product-detail\"",
                        "data-cy=\"product-picture\"",
                        "data-cy=\"product-name\"",
                        "data-cy=\"product-description\"",
                        "data-cy=\"product-quantity\"",
                        "data-cy=\"product-add-to-cart\"");
        assertThat(html).contains("Red Flashlight", "About the Red Flashlight.", "$57.08");
        assertThat(count(html, "<option value=")).isEqualTo(10 + 33);
        int recommendations = html.indexOf("data-cy=\"recommendation-list\"");
        assertThat(recommendations).isPositive();
        assertThat(count(html.substring(recommendations), "data-cy=\"product-card\""))
                .isEqualTo(4);
        assertThat(html)
                .contains(
                        "data-cy=\"ad\"", "Roof Binoculars for sale. 50% off.", "href=\"/product/" + BINOCULARS + "\"");
    }

    @Test
    void product_excludesItselfAndTheCartFromRecommendations() throws Exception {
        backends.cart.carts.put(SESSION, new java.util.LinkedHashMap<>(java.util.Map.of(IMAGER, 1)));
        ok(get("/product/" + FLASHLIGHT), null);
        assertThat(backends.recommendation.lastExcluded()).containsExactly(FLASHLIGHT, IMAGER);
    }

    @Test
    void product_adAndRecommendationServicesFailing_stillRendersWithoutThem(CapturedOutput log) throws Exception {
        backends.ads.control.failWith(Status.Code.UNAVAILABLE, "ad service down");
        backends.recommendation.control.failWith(Status.Code.INTERNAL, "recommendations broken");

        String html = ok(get("/product/" + FLASHLIGHT), null);

        assertThat(html).contains("Red Flashlight").doesNotContain("data-cy=\"ad\"", "data-cy=\"recommendation-list\"");
        assertThat(log.getOut())
                .contains(
                        "WARN",
                        "ads left out of the page: UNAVAILABLE ad service down",
                        "recommendations left out of the page: INTERNAL recommendations broken");
    }

    @Test
    void product_slowAdService_isLeftOutWithinTheOptionalDeadline(CapturedOutput log) throws Exception {
        backends.ads.control.answerAfter(Duration.ofSeconds(2));

        long start = System.nanoTime();
        String html = ok(get("/product/" + FLASHLIGHT), null);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
        assertThat(html)
                .contains("Red Flashlight", "data-cy=\"recommendation-list\"")
                .doesNotContain("data-cy=\"ad\"");
        assertThat(log.getOut()).contains("ads left out of the page");
    }

    @Test
    void product_unknownId_isANotFoundPage() throws Exception {
        MockHttpServletResponse response = page(get("/product/NOPE"), null);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString()).contains("We could not find that page", "Product Not Found: NOPE");
    }

    @Test
    void product_htmlInItsFields_isEscaped() throws Exception {
        backends.catalog.extra.put(
                "EVIL", FakeBackends.product("EVIL", "<script>alert('name')</script>", "X", 1, 0, "<b>tag</b>"));

        String html = ok(get("/product/EVIL"), null);

        assertThat(html)
                .doesNotContain("<script>alert", "<b>tag</b>")
                .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;", "&lt;b&gt;tag&lt;/b&gt;");
    }

    @Test
    void unknownPageOrTrailingSlash_are404Or308() throws Exception {
        MockHttpServletResponse missing = page(get("/no/such/page"), null);
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).contains("We could not find that page");
        assertThat(page(get("/cart/"), null).getStatus()).isEqualTo(308);
    }

    @Test
    void addToCart_redirectsToTheCartWhichShowsLinesShippingTotalAndTheUnitBadge() throws Exception {
        MockHttpServletResponse added =
                page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "2"), null);
        assertThat(added.getStatus()).isEqualTo(303);
        assertThat(added.getHeader("Location")).isEqualTo("/cart");
        page(post("/cart").param("product_id", IMAGER).param("quantity", "1"), null);

        String html = ok(get("/cart"), null);

        assertThat(html).contains("Red Flashlight", "Solar System Color Imager", "$57.08 each", "$114.16");
        // Shipping is 8.90 per unit: 3 units. Total 114.16 + 175.00 + 26.70.
        assertThat(html).contains("$26.70", "$315.86");
        assertThat(html).containsPattern("data-cy=\"cart-item-count\">3<");
        assertThat(count(html, "data-cy=\"cart-dropdown-item\"")).isEqualTo(2);
        assertThat(html)
                .contains(
                        "value=\"someone@example.com\"",
                        "value=\"1600 Amphitheatre Parkway\"",
                        "value=\"94043\"",
                        "value=\"4432-8015-6152-0454\"",
                        "value=\"672\"",
                        "data-cy=\"checkout-place-order\"");
        assertThat(html).contains(">December</option>").doesNotContain("<option value=\"12\">January");
    }

    @Test
    void cart_inYen_totalsWithoutCents() throws Exception {
        page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "1"), null);
        // 57.08 USD is 6,382.03... JPY: shown as whole yen, as is 8.90 USD of shipping (995.08... JPY).
        assertThat(ok(get("/cart"), "JPY")).contains("¥6,382", "¥995", "¥7,377");
    }

    @Test
    void cart_empty_saysSoAndOffersAWayBack() throws Exception {
        assertThat(ok(get("/cart"), null))
                .contains("Your shopping cart is empty!", "Continue Shopping")
                .doesNotContain("data-cy=\"checkout-place-order\"");
    }

    @Test
    void cart_shippingQuoteFailing_stillShowsTheCart(CapturedOutput log) throws Exception {
        page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "1"), null);
        backends.shipping.control.failWith(Status.Code.UNAVAILABLE, "shipping down");

        String html = ok(get("/cart"), null);

        assertThat(html).contains("Red Flashlight", "not available right now", "$57.08");
        assertThat(log.getOut()).contains("shipping quote left out of the page: UNAVAILABLE shipping down");
    }

    @Test
    void cart_cartServiceDown_isAnErrorPage() throws Exception {
        backends.cart.control.failWith(Status.Code.UNAVAILABLE, "Can't access cart storage.");
        MockHttpServletResponse response = page(get("/cart"), null);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("Can&#39;t access cart storage.");
    }

    @Test
    void addToCart_badQuantityOrUnknownProduct_isAnErrorPageAndNothingIsStored() throws Exception {
        assertThat(page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "abc"), null)
                        .getStatus())
                .isEqualTo(400);
        assertThat(page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "11"), null)
                        .getStatus())
                .isEqualTo(400);
        assertThat(page(post("/cart").param("product_id", "NOPE").param("quantity", "1"), null)
                        .getStatus())
                .isEqualTo(404);
        assertThat(backends.cart.carts).doesNotContainKey(SESSION);
    }

    @Test
    void setCurrency_setsTheCookieAndGoesBackToTheSamePage() throws Exception {
        MockHttpServletResponse response = page(
                post("/setCurrency")
                        .param("currency_code", "EUR")
                        .header("Referer", "http://localhost:8080/product/" + FLASHLIGHT),
                null);

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/product/" + FLASHLIGHT);
        assertThat(response.getHeader("Set-Cookie"))
                .startsWith("shop_currency=EUR;")
                .contains("Max-Age=172800");

        MockHttpServletResponse elsewhere = page(
                post("/setCurrency").param("currency_code", "EUR").header("Referer", "http://evil.example//elsewhere"),
                null);
        assertThat(elsewhere.getHeader("Location")).isEqualTo("/");
        assertThat(page(post("/setCurrency").param("currency_code", "XYZ"), null)
                        .getStatus())
                .isEqualTo(400);
    }

    @Test
    void placeOrder_redirectsToTheConfirmationWhichShowsTheOrderAndEmptiesTheCart() throws Exception {
        page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "2"), "EUR");
        page(post("/cart").param("product_id", EXPLORASCOPE).param("quantity", "1"), "EUR");

        MockHttpServletResponse placed = page(
                post("/cart/checkout")
                        .param("email", "someone@example.com")
                        .param("street_address", "1600 Amphitheatre Parkway")
                        .param("zip_code", "94043")
                        .param("city", "Mountain View")
                        .param("state", "CA")
                        .param("country", "United States")
                        .param("credit_card_number", "4432-8015-6152-0454")
                        .param("credit_card_expiration_month", "1")
                        .param("credit_card_expiration_year", "2030")
                        .param("credit_card_cvv", "672"),
                "EUR");

        assertThat(placed.getStatus()).isEqualTo(303);
        String location = placed.getHeader("Location");
        Matcher id = Pattern.compile("^/cart/checkout/([0-9a-f-]{36})\\?order=").matcher(location);
        assertThat(id.find()).as(location).isTrue();
        assertThat(backends.cart.carts).doesNotContainKey(SESSION);

        String html = ok(get(URI.create(location)), "EUR");
        assertThat(html)
                .contains(
                        "Your order is complete!",
                        id.group(1),
                        "TRACK-",
                        "Red Flashlight",
                        "National Park Foundation Explorascope",
                        "Mountain View");
        assertThat(count(html, "data-cy=\"checkout-item\"")).isEqualTo(2);
        // 2 x 50.49 + 90.19 + shipping 3 x 8.90 USD in EUR (23.62) = 214.79
        assertThat(html).contains("€100.98", "€90.19", "€23.62", "€214.79");
    }

    @Test
    void placeOrder_refusedCard_isAnErrorPageWithTheReason() throws Exception {
        page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "1"), null);
        MockHttpServletResponse response = page(
                post("/cart/checkout")
                        .param("email", "a@b.c")
                        .param("street_address", "x")
                        .param("zip_code", "94043")
                        .param("city", "x")
                        .param("state", "x")
                        .param("country", "x")
                        .param("credit_card_number", "1111-2222-3333-4444")
                        .param("credit_card_expiration_month", "1")
                        .param("credit_card_expiration_year", "2030")
                        .param("credit_card_cvv", "672"),
                null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("Credit card info is invalid.");
        assertThat(page(post("/cart/checkout").param("zip_code", "nine"), null).getStatus())
                .isEqualTo(400);
    }

    @Test
    void confirmation_unreadableOrder_isABadRequestPage() throws Exception {
        assertThat(page(get("/cart/checkout/x").param("order", "{broken"), null).getStatus())
                .isEqualTo(400);
        assertThat(page(
                                get("/cart/checkout/x")
                                        .param(
                                                "order",
                                                "{\"items\":[{\"cost\":{\"currencyCode\":\"USD\",\"units\":1,\"nanos\":-5},\"item\":{\"productId\":\"A\",\"quantity\":1}}]}"),
                                null)
                        .getStatus())
                .isEqualTo(400);
    }

    @Test
    void productImage_whileImageSlowLoadFires_isServedAfterTheDelay() throws Exception {
        page(get("/images/products/RedFlashlight.svg"), null);
        long start = System.nanoTime();
        assertThat(page(get("/images/products/RedFlashlight.svg"), null).getStatus())
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));

        FrontendTest.FLAGS.set(SlowImages.FLAG, 1);
        start = System.nanoTime();
        MockHttpServletResponse slow = page(get("/images/products/RedFlashlight.svg"), null);
        assertThat(slow.getStatus()).isEqualTo(200);
        assertThat(slow.getContentAsString()).contains("<svg");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "zip_code, -1, zip code must be between 0 and 999999999",
        "zip_code, 1000000000, zip code must be between 0 and 999999999",
        "zip_code, 9223372036854775808000, zip code must be between 0 and 999999999",
        "zip_code, nine, zip code must be a whole number",
        "credit_card_cvv, 10000, CVV must be between 0 and 9999",
        "credit_card_expiration_month, 13, month must be between 1 and 12",
        "credit_card_expiration_month, 0, month must be between 1 and 12",
        "credit_card_expiration_year, 10000, year must be between 0 and 9999",
        "credit_card_number, 4432-8015-6152-0454-4432-8015-6152-0454, credit card number must be at most 32 characters"
    })
    void placeOrder_numberOutOfRange_isAnErrorPageNamingTheFieldAndNothingIsOrdered(
            String field, String value, String message) throws Exception {
        page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", "1"), null);
        MockHttpServletRequestBuilder order = post("/cart/checkout");
        CHECKOUT_FORM.forEach((name, defaultValue) -> order.param(name, name.equals(field) ? value : defaultValue));

        MockHttpServletResponse response = page(order, null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("That did not work", message);
        assertThat(backends.checkout.control.requests).isEmpty();
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(strings = {"0", "11", "-3", "99999999999999999999999", "2.5", ""})
    void addToCart_quantityOutsideOneToTen_isAnErrorPageAndNothingIsStored(String quantity) throws Exception {
        MockHttpServletResponse response =
                page(post("/cart").param("product_id", FLASHLIGHT).param("quantity", quantity), null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).containsPattern("quantity must be (between 1 and 10|a whole number)");
        assertThat(backends.cart.carts).doesNotContainKey(SESSION);
    }

    @Test
    void confirmation_orderLinkWithAQuantityBelowOne_isABadRequestPage() throws Exception {
        String order = "{\"items\":[{\"cost\":{\"currencyCode\":\"USD\",\"units\":1,\"nanos\":0},"
                + "\"item\":{\"productId\":\"A\",\"quantity\":0}}]}";
        assertThat(page(get("/cart/checkout/x").param("order", order), null).getStatus())
                .isEqualTo(400);
    }
}
