package boutique.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.ServiceProcess;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.GetQuoteRequest;
import hipstershop.Money;
import hipstershop.ShipOrderRequest;
import hipstershop.ShippingServiceGrpc;
import hipstershop.ShippingServiceGrpc.ShippingServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.client.RestClient;

/** The shipping rpcs through a real stub, in-process, with a real HTTP server in the quote service's place. */
class ShippingGrpcServiceTests {

    private static final Duration SLOWDOWN = Duration.ofSeconds(2);
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final Address US = Address.newBuilder()
            .setStreetAddress("1600 Amphitheatre Parkway")
            .setCity("Mountain View")
            .setState("CA")
            .setCountry("United States")
            .setZipCode(94043)
            .build();
    private static final Address GERMANY = Address.newBuilder()
            .setStreetAddress("Unter den Linden 1")
            .setCity("Berlin")
            .setCountry("Germany")
            .setZipCode(10117)
            .build();

    private QuoteServer quoteServer;
    private FakeFlagService flagService;
    private InProcessGrpc grpc;
    private ShippingServiceBlockingStub shipping;

    @BeforeEach
    void start() {
        quoteServer = new QuoteServer();
        flagService = new FakeFlagService().set(Shipping.INTL_SLOWDOWN_FLAG, 0);
        grpc = serveAgainst(quoteServer.url());
        shipping = ShippingServiceGrpc.newBlockingStub(grpc.channel());
    }

    private InProcessGrpc serveAgainst(String quoteAddress) {
        ShippingProperties properties =
                new ShippingProperties(quoteAddress, Duration.ofMillis(500), Duration.ofMillis(800), SLOWDOWN);
        return InProcessGrpc.serve(new ShippingGrpcService(
                new Shipping(new QuoteClient(properties, RestClient.builder()), flagService.client(), properties)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        quoteServer.close();
    }

    @ParameterizedTest(name = "{0} items cost {1} / {2} USD")
    @CsvSource({
        "1, 8, 900000000",
        "3, 26, 700000000",
        "4, 35, 600000000",
        "5, 44, 500000000",
        "7, 62, 300000000",
        "9, 80, 100000000",
        "10, 89, 0",
        "11, 97, 900000000",
        "12, 106, 800000000",
        "25, 222, 500000000",
        "40, 356, 0"
    })
    void getQuote_quoteTable_is8point90UsdPerItem(int quantity, long units, int nanos) {
        Money cost = shipping.getQuote(quote(US, item("OLJCESPC7Z", quantity))).getCostUsd();
        assertThat(cost).isEqualTo(usd(units, nanos));
    }

    @Test
    void getQuote_sumsTheQuantitiesOfAllItems() {
        assertThat(shipping.getQuote(quote(US, item("A", 1), item("B", 2))).getCostUsd())
                .isEqualTo(usd(26, 700000000));
        assertThat(shipping.getQuote(quote(US, item("A", 4), item("A", 1))).getCostUsd())
                .isEqualTo(usd(44, 500000000));
    }

    @Test
    void getQuote_postsTheItemCountAsJsonToGetquote() {
        shipping.getQuote(quote(GERMANY, item("A", 1), item("B", 2)));
        assertThat(quoteServer.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/getquote");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo("{\"numberOfItems\":3}");
        });
    }

    @Test
    void getQuote_noItemsAndNoAddress_isAPresentZeroInUsd() {
        var response = shipping.getQuote(GetQuoteRequest.getDefaultInstance());
        assertThat(response.hasCostUsd()).isTrue();
        assertThat(response.getCostUsd()).isEqualTo(usd(0, 0));
    }

    @ParameterizedTest(name = "quote text {1} for {0} items")
    @CsvSource({
        "9, 80.1, 80, 100000000",
        "9, 80.10000000000001, 80, 100000000",
        "3, 26.7, 26, 700000000",
        "10, 89.0, 89, 0",
        "10, 89, 89, 0",
        "2, ' 17.8\n', 17, 800000000",
        "1, 8.9E0, 8, 900000000"
    })
    void getQuote_roundsTheQuoteToTheNearestCent(int quantity, String answer, long units, int nanos) {
        quoteServer.answering(n -> answer);
        assertThat(shipping.getQuote(quote(US, item("A", quantity))).getCostUsd())
                .isEqualTo(usd(units, nanos));
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void getQuote_quantityBelowOne_isInvalidArgument(int quantity) {
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 2), item("B", quantity))),
                Status.Code.INVALID_ARGUMENT,
                "quantity must be at least 1");
        assertThat(quoteServer.received()).isEmpty();
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shipOrder_quantityBelowOne_isInvalidArgument(int quantity) {
        assertStatus(
                () -> shipping.shipOrder(ShipOrderRequest.newBuilder()
                        .setAddress(US)
                        .addItems(item("A", quantity))
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                "quantity must be at least 1");
    }

    @Test
    void getQuote_totalBeyondTheReferenceCounter_isInvalidArgument() {
        assertStatus(
                () -> shipping.getQuote(
                        quote(US, item("A", Integer.MAX_VALUE), item("B", Integer.MAX_VALUE), item("C", 2))),
                Status.Code.INVALID_ARGUMENT,
                "total quantity must be at most 4294967295");
    }

    @Test
    void getQuote_hugeListAndHugeIds_arePricedByCount() {
        GetQuoteRequest.Builder request = GetQuoteRequest.newBuilder().setAddress(US);
        for (int i = 0; i < 50_000; i++) {
            request.addItems(item("P" + i, 1));
        }
        request.addItems(item("x".repeat(1_000_000), 1));
        assertThat(shipping.getQuote(request.build()).getCostUsd()).isEqualTo(usd(445_008, 900000000));
    }

    @Test
    void getQuote_quoteServiceAnswersAnError_isUnavailable() {
        quoteServer.withStatus(500);
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered HTTP 500");
    }

    @ParameterizedTest(name = "answer \"{0}\"")
    @ValueSource(
            strings = {
                "",
                "not a number",
                "NaN",
                "Infinity",
                "-8.9",
                "{\"quote\":8.9}",
                "1e300",
                "123456789012345678901234567890123456789012345678901234567890123456789"
            })
    void getQuote_quoteServiceAnswersNoQuote_isUnavailable(String answer) {
        quoteServer.answering(n -> answer);
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered something that is not a quote");
    }

    @Test
    void getQuote_quoteServiceTooSlow_isUnavailableAfterTheTimeout() {
        quoteServer.withDelay(Duration.ofSeconds(3));
        long started = System.nanoTime();
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service did not answer within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void getQuote_quoteServiceDown_isUnavailable() throws InterruptedException {
        String nobody = "http://127.0.0.1:" + ServiceProcess.freePort();
        try (InProcessGrpc unreachable = serveAgainst(nobody)) {
            assertStatus(
                    () -> ShippingServiceGrpc.newBlockingStub(unreachable.channel())
                            .getQuote(quote(US, item("A", 1))),
                    Status.Code.UNAVAILABLE,
                    "failed to get a shipping quote: cannot connect to the quote service at " + nobody);
        }
    }

    @Test
    void getQuote_callersDeadlineShorterThanTheQuoteTimeout_isKept() {
        quoteServer.withDelay(Duration.ofSeconds(3));
        long started = System.nanoTime();
        assertThatThrownBy(() ->
                        shipping.withDeadlineAfter(200, TimeUnit.MILLISECONDS).getQuote(quote(US, item("A", 1))))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {" ", "http://", "ftp://quoteservice:8090", "http://quote service:8090", "http://q:8090/?x=1"})
    void quoteClient_blankOrNotAnHttpUrl_stopsStartUpNamingTheVariable(String address) {
        assertThatThrownBy(
                        () -> new QuoteClient(new ShippingProperties(address, null, null, null), RestClient.builder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUOTE_SERVICE_ADDR");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"127.0.0.1:%d", "http://127.0.0.1:%d/", "  http://127.0.0.1:%d//  ", "HTTP://127.0.0.1:%d"})
    void getQuote_quoteAddressWithoutSchemeOrWithTrailingSlashes_isTheSameService(String address)
            throws InterruptedException {
        String port = quoteServer.url().substring(quoteServer.url().lastIndexOf(':') + 1);
        try (InProcessGrpc other = serveAgainst(address.formatted(Integer.parseInt(port)))) {
            assertThat(ShippingServiceGrpc.newBlockingStub(other.channel())
                            .getQuote(quote(US, item("A", 2)))
                            .getCostUsd())
                    .isEqualTo(usd(17, 800000000));
        }
        assertThat(quoteServer.received())
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/getquote"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {302, 404, 503})
    void getQuote_quoteServiceAnswersAnotherStatusThan2xx_isUnavailable(int status) {
        quoteServer.withStatus(status);
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered HTTP " + status);
    }

    @Test
    void getQuote_quoteServiceAnswersMoreThan64KiB_isUnavailableWithoutReadingIt() {
        quoteServer.answering(n -> "8".repeat(10_000_000));
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered more than 65536 bytes");
    }

    @Test
    void getQuote_quoteServiceAnswersWithoutEnd_isUnavailableAtOnce() {
        quoteServer.answering(n -> "8".repeat(1000)).endless();
        long started = System.nanoTime();
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered more than 65536 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void getQuote_quoteServiceSendsItsAnswerAByteAtATime_isCutOffWithinTwiceTheTimeout() {
        quoteServer.answering(n -> "8".repeat(1000)).dripping(Duration.ofMillis(50));
        long started = System.nanoTime();
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service did not answer within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1600));
    }

    @ParameterizedTest(name = "answer \"{0}\"")
    @ValueSource(strings = {"1e999999999", "1e-999999999", "1e50000000", "0.1e-50000000"})
    void getQuote_quoteWithAHugeExponent_isUnavailableAtOnce(String answer) {
        quoteServer.answering(n -> answer);
        long started = System.nanoTime();
        assertStatus(
                () -> shipping.getQuote(quote(US, item("A", 1))),
                Status.Code.UNAVAILABLE,
                "failed to get a shipping quote: the quote service answered something that is not a quote");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shipOrder_givesAFreshVersion4UuidEveryTime() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = shipping.shipOrder(ShipOrderRequest.newBuilder()
                            .setAddress(US)
                            .addItems(item("A", 1))
                            .build())
                    .getTrackingId();
            assertThat(id).hasSize(36).matches(UUID_V4);
            ids.add(id);
        }
        assertThat(ids).hasSize(100);
    }

    @Test
    void shipOrder_emptyRequest_stillShipsWithoutCallingTheQuoteService() {
        assertThat(shipping.shipOrder(ShipOrderRequest.getDefaultInstance()).getTrackingId())
                .matches(UUID_V4);
        assertThat(quoteServer.received()).isEmpty();
    }

    @Test
    void intlShippingSlowdownOn_delaysGetQuoteAndShipOrderAbroad() {
        flagService.set(Shipping.INTL_SLOWDOWN_FLAG, 1);
        assertThat(timed(() -> shipping.getQuote(quote(GERMANY, item("A", 1))).getCostUsd()))
                .isGreaterThanOrEqualTo(SLOWDOWN);
        assertThat(timed(() -> shipping.shipOrder(ShipOrderRequest.newBuilder()
                                .setAddress(GERMANY)
                                .addItems(item("A", 1))
                                .build())
                        .getTrackingId()))
                .isGreaterThanOrEqualTo(SLOWDOWN);
    }

    @Test
    void intlShippingSlowdownOn_leavesTheUnitedStatesAndAddresslessQuotesFast() {
        flagService.set(Shipping.INTL_SLOWDOWN_FLAG, 1);
        assertThat(timed(() -> shipping.getQuote(quote(US, item("A", 1))))).isLessThan(SLOWDOWN);
        assertThat(timed(() -> shipping.shipOrder(
                        ShipOrderRequest.newBuilder().setAddress(US).build())))
                .isLessThan(SLOWDOWN);
        assertThat(timed(() -> shipping.getQuote(
                        GetQuoteRequest.newBuilder().addItems(item("A", 1)).build())))
                .isLessThan(SLOWDOWN);
    }

    @Test
    void intlShippingSlowdownOff_answersAbroadAtOnce() {
        assertThat(timed(() -> shipping.getQuote(quote(GERMANY, item("A", 2))).getCostUsd()))
                .isLessThan(SLOWDOWN);
        assertThat(timed(() -> shipping.shipOrder(
                        ShipOrderRequest.newBuilder().setAddress(GERMANY).build())))
                .isLessThan(SLOWDOWN);
    }

    @Test
    void intlShippingSlowdownOn_callerWithAShortDeadline_getsDeadlineExceeded() {
        flagService.set(Shipping.INTL_SLOWDOWN_FLAG, 1);
        assertThatThrownBy(() -> shipping.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                        .shipOrder(ShipOrderRequest.newBuilder()
                                .setAddress(GERMANY)
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    private static Duration timed(Supplier<?> call) {
        long started = System.nanoTime();
        assertThat(call.get()).isNotNull();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    private static GetQuoteRequest quote(Address address, CartItem... items) {
        return GetQuoteRequest.newBuilder()
                .setAddress(address)
                .addAllItems(List.of(items))
                .build();
    }

    private static CartItem item(String productId, int quantity) {
        return CartItem.newBuilder()
                .setProductId(productId)
                .setQuantity(quantity)
                .build();
    }

    private static Money usd(long units, int nanos) {
        return Money.newBuilder()
                .setCurrencyCode("USD")
                .setUnits(units)
                .setNanos(nanos)
                .build();
    }
}
