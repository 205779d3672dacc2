package boutique.frontend.web;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import boutique.frontend.backend.ChannelOpener;
import boutique.kit.FeatureFlags;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;

/**
 * What a page view, an API call and an order look like in a trace, on a real Tomcat with the kit's own
 * OpenTelemetry set-up (spans to an in-memory exporter instead of OTLP) and its gRPC client instrumentation on
 * the channels to the in-process fake backends. The fakes answer from another thread, as a real backend's answer
 * arrives on a gRPC thread, so the calls a page chains on another's answer are started off the request's thread.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "shop.clients.ad=in-process",
            "shop.clients.cart=in-process",
            "shop.clients.checkout=in-process",
            "shop.clients.currency=in-process",
            "shop.clients.product-catalog=in-process",
            "shop.clients.recommendation=in-process",
            "shop.clients.shipping=in-process",
            "shop.frontend.optional-deadline=300ms"
        })
@ContextConfiguration(initializers = FrontendTelemetryTests.SpansInMemory.class)
class FrontendTelemetryTests {

    /** The SDK settings, as the standard {@code OTEL_*} variables would give them, set before the kit builds it. */
    private static final Map<String, String> OTEL = Map.of(
            "otel.traces.exporter", "memory",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.bsp.schedule.delay", "10");

    static final class SpansInMemory implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            OTEL.forEach(System::setProperty);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TracedFakes {

        /** The fakes behind the kit's client instrumentation, as the kit's channels have it. */
        @Bean
        @Primary
        ChannelOpener tracedFakeBackends(GrpcTelemetry telemetry) {
            ChannelOpener fakes = FakeBackends.SHARED.opener();
            ClientInterceptor tracing = telemetry.createClientInterceptor();
            return (variable, address) -> ClientInterceptors.intercept(fakes.open(variable, address), tracing);
        }

        @Bean
        FeatureFlags featureFlags() {
            return FrontendTest.FLAGS.client();
        }
    }

    private static final Set<String> EVERY_BACKEND = Set.of(
            "hipstershop.ProductCatalogService/GetProduct",
            "hipstershop.CurrencyService/Convert",
            "hipstershop.CurrencyService/GetSupportedCurrencies",
            "hipstershop.CartService/GetCart",
            "hipstershop.AdService/GetAds",
            "hipstershop.RecommendationService/ListRecommendations");

    @LocalServerPort
    int port;

    private final FakeBackends backends = FakeBackends.SHARED;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String traceId = hex(32);
    private final String callerSpanId = hex(16);
    private final String session = UUID.randomUUID().toString();

    @BeforeEach
    void answerFromAnotherThread() {
        backends.reset();
        for (FakeBackends.Control control : List.of(
                backends.catalog.control,
                backends.currency.control,
                backends.cart.control,
                backends.recommendation.control,
                backends.ads.control,
                backends.shipping.control,
                backends.checkout.control)) {
            control.answerAfter(Duration.ofMillis(2));
        }
    }

    @AfterEach
    void reset() {
        backends.reset();
    }

    @AfterAll
    static void clearSettings() {
        OTEL.keySet().forEach(System::clearProperty);
    }

    @Test
    void productPage_isOneTrace_serverSpanChildOfTheCaller_everyBackendCallChildOfTheServerSpan() throws Exception {
        HttpResponse<String> page = send(traced(get("/product/" + FakeBackends.FLASHLIGHT))
                .header("Cookie", "shop_session-id=" + session + "; shop_currency=EUR")
                .header("baggage", "synthetic_request=true"));
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("GET /product/{id}");
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("http.route"), "/product/{id}")
                .containsEntry(stringKey("app.session.id"), session)
                .containsEntry(stringKey("app.currency"), "EUR")
                .containsEntry(stringKey("app.product.id"), FakeBackends.FLASHLIGHT)
                .containsEntry(longKey("app.cart.size"), 0L)
                .containsEntry(booleanKey("app.synthetic_request"), true);

        List<SpanData> calls = everyCallOf(server);
        assertThat(calls).extracting(SpanData::getName).containsAll(EVERY_BACKEND);
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.getAttributes().get(booleanKey("app.synthetic_request")))
                        .isTrue());
        assertThat(backends.received).allSatisfy(received -> {
            assertThat(received.traceparent()).contains(traceId);
            assertThat(received.baggage()).contains("synthetic_request=true");
        });
    }

    @Test
    void homePage_withoutACaller_startsTheTrace_andCountsTheProducts() throws Exception {
        HttpResponse<String> page = send(get("/").header("Cookie", "shop_session-id=" + session));
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = awaitSpan(
                s -> s.getKind() == SpanKind.SERVER
                        && session.equals(s.getAttributes().get(stringKey("app.session.id"))),
                "the home page's server span");
        assertThat(server.getName()).isEqualTo("GET /");
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        assertThat(server.getAttributes().asMap())
                .containsEntry(longKey("app.products.count"), 9L)
                .doesNotContainKey(booleanKey("app.synthetic_request"));
        assertThat(everyCallOf(server))
                .extracting(SpanData::getName)
                .contains("hipstershop.ProductCatalogService/ListProducts", "hipstershop.CartService/GetCart");
    }

    @Test
    void apiCart_isOneTrace_withTheCartsNumbers() throws Exception {
        backends.cart.carts.put("api-user", new LinkedHashMap<>(Map.of(FakeBackends.FLASHLIGHT, 2)));

        HttpResponse<String> cart = send(traced(get("/api/cart?sessionId=api-user&currencyCode=EUR")));
        assertThat(cart.statusCode()).isEqualTo(200);

        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("GET /api/cart");
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.session.id"), "api-user")
                .containsEntry(stringKey("app.currency"), "EUR")
                .containsEntry(longKey("app.cart.items.count"), 1L)
                .containsEntry(longKey("app.cart.size"), 2L);
        assertThat(everyCallOf(server))
                .extracting(SpanData::getName)
                .containsExactlyInAnyOrder(
                        "hipstershop.CartService/GetCart",
                        "hipstershop.ProductCatalogService/GetProduct",
                        "hipstershop.CurrencyService/Convert");
    }

    @Test
    void apiCheckout_syntheticOrder_isOneTrace_fromTheCallerThroughCheckoutAndTheProductsAfterIt() throws Exception {
        backends.cart.carts.put("buyer", new LinkedHashMap<>(Map.of(FakeBackends.FLASHLIGHT, 2)));
        String order = """
                {"userId": "buyer", "userCurrency": "EUR", "email": "someone@example.com",
                 "address": {"streetAddress": "1600 Amphitheatre Parkway", "city": "Mountain View", "state": "CA",
                             "country": "United States", "zipCode": 94043},
                 "creditCard": {"creditCardNumber": "4432-8015-6152-0454", "creditCardCvv": 672,
                                "creditCardExpirationYear": 2030, "creditCardExpirationMonth": 1}}""";

        HttpResponse<String> placed = send(traced(HttpRequest.newBuilder(uri("/api/checkout?currencyCode=EUR")))
                .header("Content-Type", "application/json")
                .header("baggage", "synthetic_request=true")
                .POST(HttpRequest.BodyPublishers.ofString(order)));
        assertThat(placed.statusCode()).isEqualTo(200);

        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("POST /api/checkout");
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        // Two flashlights at 57.08 USD and 2 x 8.90 USD of shipping, in EUR at 1.1305 USD per EUR.
        assertThat(server.getAttributes().get(doubleKey("app.order.total"))).isCloseTo(116.7271, within());
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.user.id"), "buyer")
                .containsEntry(stringKey("app.currency"), "EUR")
                .containsEntry(booleanKey("app.synthetic_request"), true)
                .containsEntry(longKey("http.response.status_code"), 200L);
        assertThat(everyCallOf(server))
                .extracting(SpanData::getName)
                .contains(
                        "hipstershop.CheckoutService/PlaceOrder",
                        "hipstershop.ProductCatalogService/GetProduct",
                        "hipstershop.CurrencyService/Convert");
        assertThat(backends.received)
                .filteredOn(r -> r.method().equals("hipstershop.CheckoutService/PlaceOrder"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.traceparent()).startsWith("00-" + traceId + "-");
                    assertThat(r.baggage()).contains("synthetic_request=true");
                });
    }

    @Test
    void orderForm_isOneTrace_withTheOrderTotal() throws Exception {
        backends.cart.carts.put(session, new LinkedHashMap<>(Map.of(FakeBackends.FLASHLIGHT, 1)));
        String form = "email=someone%40example.com&street_address=1600+Amphitheatre+Parkway&zip_code=94043"
                + "&city=Mountain+View&state=CA&country=United+States&credit_card_number=4432-8015-6152-0454"
                + "&credit_card_expiration_month=1&credit_card_expiration_year=2030&credit_card_cvv=672";

        HttpResponse<String> placed = send(traced(HttpRequest.newBuilder(uri("/cart/checkout")))
                .header("Cookie", "shop_session-id=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(placed.statusCode()).isEqualTo(303);

        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("POST /cart/checkout");
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        // One flashlight at 57.08 USD and 8.90 USD of shipping.
        assertThat(server.getAttributes().get(doubleKey("app.order.total"))).isCloseTo(65.98, within());
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.user.id"), session)
                .containsEntry(stringKey("app.session.id"), session)
                .containsEntry(stringKey("app.currency"), "USD");
        assertThat(everyCallOf(server))
                .extracting(SpanData::getName)
                .contains("hipstershop.CheckoutService/PlaceOrder");
    }

    @Test
    void cartPage_carriesTheCartsNumbers() throws Exception {
        backends.cart.carts.put(
                session, new LinkedHashMap<>(Map.of(FakeBackends.FLASHLIGHT, 2, FakeBackends.BINOCULARS, 1)));

        HttpResponse<String> page = send(traced(get("/cart")).header("Cookie", "shop_session-id=" + session));
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("GET /cart");
        // 2 x 57.08 + 209.95, and 3 x 8.90 of shipping.
        assertThat(server.getAttributes().get(doubleKey("app.cart.shipping.cost")))
                .isCloseTo(26.70, within());
        assertThat(server.getAttributes().get(doubleKey("app.cart.total.price")))
                .isCloseTo(350.81, within());
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.user.id"), session)
                .containsEntry(longKey("app.cart.size"), 3L)
                .containsEntry(longKey("app.cart.items.count"), 2L);
        assertThat(everyCallOf(server)).extracting(SpanData::getName).contains("hipstershop.ShippingService/GetQuote");
    }

    @Test
    void addToCartAndSetCurrency_carryWhatTheyChange() throws Exception {
        HttpResponse<String> added = send(traced(HttpRequest.newBuilder(uri("/cart")))
                .header("Cookie", "shop_session-id=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("product_id=" + FakeBackends.TUBE + "&quantity=3")));
        assertThat(added.statusCode()).isEqualTo(303);
        SpanData add = serverSpan();
        assertThat(add.getName()).isEqualTo("POST /cart");
        assertThat(add.getAttributes().asMap())
                .containsEntry(stringKey("app.user.id"), session)
                .containsEntry(stringKey("app.product.id"), FakeBackends.TUBE)
                .containsEntry(longKey("app.product.quantity"), 3L);
        assertThat(everyCallOf(add)).extracting(SpanData::getName).contains("hipstershop.CartService/AddItem");

        String otherTrace = hex(32);
        HttpResponse<String> changed = send(HttpRequest.newBuilder(uri("/setCurrency"))
                .header("traceparent", "00-" + otherTrace + "-" + callerSpanId + "-01")
                .header("Cookie", "shop_currency=EUR")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("currency_code=JPY")));
        assertThat(changed.statusCode()).isEqualTo(303);
        SpanData set = awaitSpan(
                s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(otherTrace), "the currency change");
        assertThat(set.getName()).isEqualTo("POST /setCurrency");
        assertThat(set.getAttributes().asMap())
                .containsEntry(stringKey("app.currency"), "EUR")
                .containsEntry(stringKey("app.currency.new"), "JPY");
    }

    @Test
    void lateHeaderCart_suggestionsChainedOnItsTimeout_stayInTheTrace() throws Exception {
        backends.cart.control.answerAfter(Duration.ofMillis(600));

        HttpResponse<String> page =
                send(traced(get("/product/" + FakeBackends.FLASHLIGHT)).header("Cookie", "shop_session-id=" + session));
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = serverSpan();
        // Started on the JDK's timer thread, once the header's cart was given up on.
        SpanData suggestions = awaitSpan(
                s -> s.getTraceId().equals(traceId)
                        && s.getName().equals("hipstershop.RecommendationService/ListRecommendations"),
                "the suggestions call");
        assertThat(suggestions.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(everyCallOf(server)).extracting(SpanData::getName).contains("hipstershop.CartService/GetCart");
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery));
    }

    private HttpRequest.Builder traced(HttpRequest.Builder request) {
        return request.header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01");
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SpanData serverSpan() {
        return awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId), "the server span");
    }

    /**
     * Every backend call the fakes received for the server span's trace, as client spans: each must be a child of
     * the server span, in its trace. Waits until there are as many as the fakes received (a call's span ends just
     * after its caller has the answer).
     */
    private List<SpanData> everyCallOf(SpanData server) {
        long expected = backends.received.stream()
                .filter(r -> r.traceparent() != null && r.traceparent().contains(server.getTraceId()))
                .count();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<SpanData> calls;
        do {
            calls = InMemorySpans.EXPORTER.getFinishedSpanItems().stream()
                    .filter(s ->
                            s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()))
                    .toList();
        } while (calls.size() < expected && System.nanoTime() < deadline);
        assertThat(calls).hasSize((int) expected).isNotEmpty();
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.getParentSpanId())
                        .as("parent of %s", call.getName())
                        .isEqualTo(server.getSpanId()));
        assertThat(backends.received.stream()
                        .filter(r -> r.traceparent() == null || !r.traceparent().contains(server.getTraceId()))
                        .map(FakeBackends.Received::method)
                        .collect(Collectors.toList()))
                .as("calls that left the trace")
                .isEmpty();
        return calls;
    }

    private static SpanData awaitSpan(Predicate<SpanData> matching, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (SpanData span : InMemorySpans.EXPORTER.getFinishedSpanItems()) {
                if (matching.test(span)) {
                    return span;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no span for " + what);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.005);
    }

    private static String hex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return hex.substring(0, length);
    }
}
