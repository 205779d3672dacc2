package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.HealthProbe;
import boutique.kit.testing.OtlpReceiver;
import boutique.kit.testing.ScratchDatabase;
import boutique.kit.testing.ServiceProcess;
import boutique.kit.testing.TestServers;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import hipstershop.AddItemRequest;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.ChargeRequest;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CreditCardInfo;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import hipstershop.GetProductRequest;
import hipstershop.GetQuoteRequest;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PaymentServiceGrpc;
import hipstershop.PlaceOrderRequest;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ShippingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole shop started the way a user starts it, through the launcher (every service its own JVM,
 * configured by deploy/.env, on free ports here so it never meets a shop already running): an order placed
 * over TCP as the frontend places it, and every failure scenario switched on and off through the real flag
 * service, with its effect seen where a user would see it.
 */
class ShopIT {

    private static final List<String> EVERY_SERVICE =
            ServiceDef.ALL.stream().map(ServiceDef::name).toList();

    private static final Address ADDRESS = Bench.ADDRESS;
    /** The bench's card, its number written as a shopper types it, in groups of four. */
    private static final CreditCardInfo CARD =
            Bench.CARD.toBuilder().setCreditCardNumber("4432-8015-6152-0454").build();

    private static final ShopChannels CHANNELS = new ShopChannels();

    /** Every service an order passes through, each of which must appear in its one trace. */
    private static final List<String> ORDER_PATH = List.of(
            "frontend",
            "checkoutservice",
            "cartservice",
            "productcatalogservice",
            "currencyservice",
            "shippingservice",
            "quoteservice",
            "paymentservice",
            "emailservice");

    private static OtlpReceiver collector;
    private static ScratchDatabase flagDatabase;
    private static Shop shop;
    private static FlagScenarios flags;
    private static ManagedChannel cartChannel;
    private static ManagedChannel checkoutChannel;
    private static ManagedChannel catalogChannel;
    private static ManagedChannel currencyChannel;

    @BeforeAll
    static void startTheShop() throws Exception {
        collector = new OtlpReceiver();
        Map<String, String> overrides = new HashMap<>(System.getenv());
        // Export to this test's collector, quickly, so it sees what a Jaeger or Prometheus user would.
        overrides.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
        overrides.put("OTEL_BSP_SCHEDULE_DELAY", "200");
        overrides.put("OTEL_BLRP_SCHEDULE_DELAY", "200");
        overrides.put("OTEL_METRIC_EXPORT_INTERVAL", "2000");
        // The real Redis and PostgreSQL the tests use (a local one, else a container), not whatever deploy/.env
        // names on this machine: carts in Redis, the flags in a database of this test's own.
        overrides.put("REDIS_ADDR", TestServers.redisAddress());
        flagDatabase = ScratchDatabase.create("shop_it");
        overrides.put("DATABASE_URL", flagDatabase.url());
        for (ServiceDef service : ServiceDef.ALL) {
            overrides.put(service.portVariable(), Integer.toString(ServiceProcess.freePort()));
            if (service.extraPortVariable() != null) {
                overrides.put(service.extraPortVariable(), Integer.toString(ServiceProcess.freePort()));
            }
        }
        Path root = ServiceProcess.projectRoot();
        shop = Shop.of(root, root.resolve("launcher/target/shop-it"), overrides);
        int exit = shop.up(shop.select(EVERY_SERVICE));
        assertThat(exit).as("./shop up (logs in launcher/target/shop-it/logs)").isZero();
        cartChannel = channel("CART_SERVICE_PORT");
        checkoutChannel = channel("CHECKOUT_SERVICE_PORT");
        catalogChannel = channel("PRODUCT_CATALOG_SERVICE_PORT");
        currencyChannel = channel("CURRENCY_SERVICE_PORT");
        flags = new FlagScenarios(channel("FEATURE_FLAG_GRPC_SERVICE_PORT"));
    }

    @AfterAll
    static void stopTheShop() throws Exception {
        CHANNELS.close();
        if (shop != null) {
            shop.down(shop.select(EVERY_SERVICE));
        }
        if (collector != null) {
            collector.close();
        }
        if (flagDatabase != null) {
            flagDatabase.close();
        }
    }

    private static ManagedChannel channel(String portVariable) {
        return CHANNELS.to(shop, portVariable);
    }

    @Test
    void everyStartedServiceAnswersHealth() {
        for (ServiceDef service : shop.select(EVERY_SERVICE)) {
            assertThat(service.healthy(shop.env())).as(service.name()).isTrue();
        }
        assertThat(HealthProbe.httpOk(
                        "http://127.0.0.1:" + shop.env().get("FEATURE_FLAG_SERVICE_PORT") + "/actuator/health",
                        Duration.ofSeconds(2)))
                .as("flag UI health")
                .isTrue();
    }

    @Test
    void placeOrder_chargesTheCartInTheUsersCurrencyShipsAndEmptiesTheCart() {
        var cart = CartServiceGrpc.newBlockingStub(cartChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
        String user = "shop-it-" + System.nanoTime();
        cart.addItem(AddItemRequest.newBuilder()
                .setUserId(user)
                .setItem(CartItem.newBuilder().setProductId("LS4PSXUNUM").setQuantity(2))
                .build());
        cart.addItem(AddItemRequest.newBuilder()
                .setUserId(user)
                .setItem(CartItem.newBuilder().setProductId("OLJCESPC7Z").setQuantity(1))
                .build());

        OrderResult order = placeOrder(user, "EUR");

        assertThat(order.getOrderId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(order.getShippingTrackingId()).isNotBlank();
        // 3 items at 8.90 USD each, in euros: 26.70 x 1 / 1.1305
        assertThat(order.getShippingCost()).isEqualTo(inEuros(money("USD", 26, 700_000_000)));
        assertThat(order.getItemsList())
                .extracting(i -> i.getItem().getProductId(), i -> i.getItem().getQuantity())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("LS4PSXUNUM", 2),
                        org.assertj.core.groups.Tuple.tuple("OLJCESPC7Z", 1));
        for (OrderItem item : order.getItemsList()) {
            Money priceUsd = ProductCatalogServiceGrpc.newBlockingStub(catalogChannel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getProduct(GetProductRequest.newBuilder()
                            .setId(item.getItem().getProductId())
                            .build())
                    .getPriceUsd();
            assertThat(item.getCost()).as(item.getItem().getProductId()).isEqualTo(inEuros(priceUsd));
        }
        assertThat(order.getItemsList())
                .filteredOn(i -> i.getItem().getProductId().equals("LS4PSXUNUM"))
                .first()
                .extracting(OrderItem::getCost)
                .isEqualTo(money("EUR", 50, 490_933_215));
        assertThat(cart.getCart(GetCartRequest.newBuilder().setUserId(user).build())
                        .getItemsList())
                .isEmpty();
    }

    @Test
    void anOrderThroughTheFrontend_isOneTraceAcrossEveryServiceItTouches() throws Exception {
        String user = "shop-it-trace-" + System.nanoTime();
        addToCart(user, "OLJCESPC7Z", 1);
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        HttpResponse<String> placed = checkout(
                user,
                "United States",
                "traceparent",
                "00-" + traceId + "-" + callerSpan + "-01",
                "baggage",
                "synthetic_request=true");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);

        awaitTrue(
                "spans of every service on the order's path",
                Duration.ofSeconds(20),
                () -> collector.trace(traceId).stream()
                        .map(OtlpReceiver.ReceivedSpan::service)
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(ORDER_PATH));
        Thread.sleep(1_000); // the last spans of the trace
        List<OtlpReceiver.ReceivedSpan> trace = collector.trace(traceId);
        java.util.Set<String> ids =
                trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(java.util.stream.Collectors.toSet());
        assertThat(trace)
                .as("the one span whose parent is the caller's: the frontend's")
                .filteredOn(span -> span.parentSpanId().equals(callerSpan))
                .singleElement()
                .satisfies(root -> assertThat(root.service()).isEqualTo("frontend"));
        assertThat(trace)
                .as("every other span's parent is in the trace")
                .filteredOn(span -> !span.parentSpanId().equals(callerSpan))
                .allSatisfy(span -> assertThat(ids)
                        .as(span.service() + " " + span.span().getName())
                        .contains(span.parentSpanId()));
        assertThat(trace)
                .filteredOn(span -> span.service().equals("paymentservice"))
                .anySatisfy(span -> assertThat(span.attribute("app.payment.charged"))
                        .hasValueSatisfying(
                                value -> assertThat(value.getBoolValue()).isFalse()));
        assertThat(trace)
                .filteredOn(span -> span.service().equals("checkoutservice")
                        && span.span().getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .allSatisfy(span -> assertThat(span.attribute("app.synthetic_request"))
                        .hasValueSatisfying(
                                value -> assertThat(value.getBoolValue()).isTrue()));
        awaitTrue(
                "the order's log lines carry its trace",
                Duration.ofSeconds(10),
                () -> collector.logs().stream()
                        .anyMatch(log -> log.service().equals("checkoutservice")
                                && log.traceId().equals(traceId)));
    }

    @Test
    void everyServiceExportsRpcOrHttpDurationsAndJvmMetrics() throws Exception {
        String user = "shop-it-metrics-" + System.nanoTime();
        addToCart(user, "OLJCESPC7Z", 1);
        HttpResponse<String> placed = checkout(user, "United States"); // frontend, shipping and quote served
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        Map<String, List<String>> expected = new java.util.TreeMap<>();
        EVERY_SERVICE.forEach(service -> expected.put(service, List.of("jvm.memory.used")));
        expected.put("cartservice", List.of("jvm.memory.used", "rpc.server.duration"));
        expected.put("frontend", List.of("jvm.memory.used", "http.server.request.duration", "rpc.client.duration"));
        expected.put("quoteservice", List.of("jvm.memory.used", "http.server.request.duration"));
        java.util.function.Supplier<Map<String, List<String>>> missing = () -> {
            Map<String, List<String>> absent = new java.util.TreeMap<>();
            expected.forEach((service, names) -> {
                List<String> lacking = names.stream()
                        .filter(name -> !collector.metricNames(service).contains(name))
                        .toList();
                if (!lacking.isEmpty()) {
                    absent.put(service, lacking);
                }
            });
            return absent;
        };
        try {
            awaitTrue(
                    "metrics of every service",
                    Duration.ofSeconds(20),
                    () -> missing.get().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; missing " + missing.get(), e);
        }
    }

    @Test
    void productCatalogFailure_showsAsAnErrorSpanWithTheException() throws Exception {
        var catalog = ProductCatalogServiceGrpc.newBlockingStub(catalogChannel);
        flags.set("productCatalogFailure", 1);
        try {
            awaitTrue("an error span of GetProduct with the exception recorded", Duration.ofSeconds(15), () -> {
                FlagScenarios.failsWith(
                        () -> catalog.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .getProduct(GetProductRequest.newBuilder()
                                        .setId("OLJCESPC7Z")
                                        .build()),
                        Status.Code.INTERNAL,
                        null);
                return collector.spans().stream()
                        .filter(span -> span.service().equals("productcatalogservice"))
                        .filter(span -> span.span().getName().equals("hipstershop.ProductCatalogService/GetProduct"))
                        .anyMatch(span -> span.span().getStatus().getCode()
                                        == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR
                                && span.span().getEventsList().stream()
                                        .anyMatch(event -> event.getName().equals("exception")));
            });
        } finally {
            flags.set("productCatalogFailure", 0);
        }
    }

    @Test
    void productCatalogFailure_failsTheGuardedProductUntilSwitchedOff() {
        var catalog = ProductCatalogServiceGrpc.newBlockingStub(catalogChannel);
        flags.check(
                "productCatalogFailure",
                () -> FlagScenarios.failsWith(
                        () -> catalog.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .getProduct(GetProductRequest.newBuilder()
                                        .setId("OLJCESPC7Z")
                                        .build()),
                        Status.Code.INTERNAL,
                        "Error: ProductCatalogService Fail Feature Flag Enabled"));
    }

    @Test
    void adServiceFailure_and_adServiceHighCpu_showInGetAds() {
        var ads = AdServiceGrpc.newBlockingStub(channel("AD_SERVICE_PORT"));
        Runnable getAds = () -> ads.withDeadlineAfter(5, TimeUnit.SECONDS)
                .getAds(AdRequest.newBuilder().addContextKeys("telescopes").build());
        flags.check(
                "adServiceFailure",
                () -> FlagScenarios.failsWith(
                        getAds, Status.Code.RESOURCE_EXHAUSTED, "GetAds failed: adServiceFailure is on"));
        flags.check("adServiceHighCpu", () -> FlagScenarios.takesAtLeast(Duration.ofMillis(45), getAds));
    }

    @Test
    void cartServiceFailure_failsEmptyCart() {
        var cart = CartServiceGrpc.newBlockingStub(cartChannel);
        flags.check(
                "cartServiceFailure",
                () -> FlagScenarios.failsWith(
                        () -> cart.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .emptyCart(EmptyCartRequest.newBuilder()
                                        .setUserId("shop-it-empty")
                                        .build()),
                        Status.Code.FAILED_PRECONDITION,
                        "Can't access cart storage."));
    }

    @Test
    void paymentServiceFailure_failsCharges() {
        var payment = PaymentServiceGrpc.newBlockingStub(channel("PAYMENT_SERVICE_PORT"));
        flags.check(
                "paymentServiceFailure",
                () -> FlagScenarios.failsWith(
                        () -> payment.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .charge(ChargeRequest.newBuilder()
                                        .setAmount(money("USD", 10, 0))
                                        .setCreditCard(CARD)
                                        .build()),
                        Status.Code.INTERNAL,
                        "Payment request failed. Invalid token."));
    }

    @Test
    void paymentServiceUnreachable_failsOrdersAsUnavailable() {
        String user = "shop-it-unreachable-" + System.nanoTime();
        flags.check(
                "paymentServiceUnreachable",
                () -> FlagScenarios.failsWith(
                        () -> {
                            CartServiceGrpc.newBlockingStub(cartChannel)
                                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                                    .addItem(AddItemRequest.newBuilder()
                                            .setUserId(user)
                                            .setItem(CartItem.newBuilder()
                                                    .setProductId("L9ECAV7KIM")
                                                    .setQuantity(1))
                                            .build());
                            placeOrder(user, "USD");
                        },
                        Status.Code.UNAVAILABLE,
                        null));
    }

    @Test
    void intlShippingSlowdown_slowsQuotesAbroadOnly() {
        var shipping = ShippingServiceGrpc.newBlockingStub(channel("SHIPPING_SERVICE_PORT"));
        Address germany =
                ADDRESS.toBuilder().setCountry("Germany").setCity("Berlin").build();
        Runnable quoteAbroad = () -> shipping.withDeadlineAfter(20, TimeUnit.SECONDS)
                .getQuote(GetQuoteRequest.newBuilder()
                        .setAddress(germany)
                        .addItems(
                                CartItem.newBuilder().setProductId("L9ECAV7KIM").setQuantity(1))
                        .build());
        flags.check("intlShippingSlowdown", () -> FlagScenarios.takesAtLeast(Duration.ofSeconds(5), quoteAbroad));
    }

    @Test
    void intlShippingSlowdown_anOrderToCanadaThroughTheFrontend_isSlowButPlaced() throws Exception {
        String user = "shop-it-canada-" + System.nanoTime();
        addToCart(user, "L9ECAV7KIM", 1);
        flags.set("intlShippingSlowdown", 1);
        try {
            Thread.sleep(2_000); // services cache a flag for about a second
            long t0 = System.nanoTime();
            HttpResponse<String> placed = checkout(user, "Canada");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
            assertThat(placed.body()).contains("\"orderId\"");
            // the quote and the shipment each wait 5 s abroad
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        } finally {
            flags.set("intlShippingSlowdown", 0);
        }
    }

    @Test
    void imageSlowLoad_delaysProductPictures() {
        String picture = "http://127.0.0.1:" + shop.env().get("FRONTEND_PORT") + "/images/products/RedFlashlight.svg";
        flags.check(
                "imageSlowLoad",
                () -> FlagScenarios.takesAtLeast(
                        Duration.ofSeconds(5),
                        () -> assertThat(HealthProbe.httpOk(picture, Duration.ofSeconds(20)))
                                .isTrue()));
    }

    @Test
    void loadGenerator_shoppersOfTheReferenceRunWithoutAFailedRequest() throws Exception {
        shop.env()
                .putAll(Map.of(
                        "LOCUST_HOST",
                        "http://127.0.0.1:" + shop.env().get("FRONTEND_PORT"),
                        "LOCUST_USERS",
                        "5",
                        "LOCUST_SPAWN_RATE",
                        "5",
                        "LOCUST_RUN_TIME",
                        "30s",
                        "LOCUST_HEADLESS",
                        "true",
                        "LOCUST_AUTOSTART",
                        "true",
                        "LOADGEN_PAUSE_SCALE",
                        "0.1",
                        "LOADGEN_RESULTS_DIR",
                        ServiceProcess.projectRoot()
                                .resolve("launcher/target/shop-it/loadgen-results")
                                .toString()));
        Process shoppers = shop.startUnsupervised(ServiceDef.LOADGENERATOR);
        boolean finished = shoppers.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            shoppers.destroyForcibly();
        }
        assertThat(finished && shoppers.exitValue() == 0)
                .as("a 30 s headless run of the shoppers ends with no failed request; its log: "
                        + shop.log(ServiceDef.LOADGENERATOR))
                .isTrue();
    }

    private static void addToCart(String user, String product, int quantity) {
        CartServiceGrpc.newBlockingStub(cartChannel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .addItem(AddItemRequest.newBuilder()
                        .setUserId(user)
                        .setItem(CartItem.newBuilder().setProductId(product).setQuantity(quantity))
                        .build());
    }

    /** Places the user's order through the frontend's API, to an address in {@code country}. */
    private static HttpResponse<String> checkout(String user, String country, String... headers) throws Exception {
        HttpRequest.Builder order = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + shop.env().get("FRONTEND_PORT") + "/api/checkout"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"userId":"%s","userCurrency":"CAD","email":"someone@example.com",
                         "address":{"streetAddress":"1 Main St","city":"Toronto","state":"ON","country":"%s",
                                    "zipCode":12345},
                         "creditCard":{"creditCardNumber":"4432-8015-6152-0454","creditCardCvv":672,
                                       "creditCardExpirationYear":2039,"creditCardExpirationMonth":1}}
                        """.formatted(user, country)));
        for (int i = 0; i < headers.length; i += 2) {
            order.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(order.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    private static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static OrderResult placeOrder(String user, String currency) {
        return CheckoutServiceGrpc.newBlockingStub(checkoutChannel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .placeOrder(PlaceOrderRequest.newBuilder()
                        .setUserId(user)
                        .setUserCurrency(currency)
                        .setEmail("someone@example.com")
                        .setAddress(ADDRESS)
                        .setCreditCard(CARD)
                        .build())
                .getOrder();
    }

    private static Money inEuros(Money usd) {
        return CurrencyServiceGrpc.newBlockingStub(currencyChannel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .convert(CurrencyConversionRequest.newBuilder()
                        .setFrom(usd)
                        .setToCode("EUR")
                        .build());
    }

    private static Money money(String code, long units, int nanos) {
        return Money.newBuilder()
                .setCurrencyCode(code)
                .setUnits(units)
                .setNanos(nanos)
                .build();
    }
}
