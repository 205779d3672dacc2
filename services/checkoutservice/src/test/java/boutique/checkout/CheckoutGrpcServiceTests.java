package boutique.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.checkout.Fakes.FakeCart;
import boutique.checkout.Fakes.FakeCatalog;
import boutique.checkout.Fakes.FakeCurrency;
import boutique.checkout.Fakes.FakeEmail;
import boutique.checkout.Fakes.FakePayment;
import boutique.checkout.Fakes.FakeShipping;
import boutique.kit.HttpServiceClient;
import boutique.kit.Money;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.ServiceProcess;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CheckoutServiceGrpc.CheckoutServiceBlockingStub;
import hipstershop.CreditCardInfo;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class CheckoutGrpcServiceTests {

    static final String USER = "u-42";
    static final Address ADDRESS = Address.newBuilder()
            .setStreetAddress("1600 Amphitheatre Parkway")
            .setCity("Mountain View")
            .setState("CA")
            .setCountry("United States")
            .setZipCode(94043)
            .build();
    static final CreditCardInfo CARD = CreditCardInfo.newBuilder()
            .setCreditCardNumber("4111 1111 1111 1111")
            .setCreditCardCvv(672)
            .setCreditCardExpirationYear(2035)
            .setCreditCardExpirationMonth(12)
            .build();

    private final FakeCart cart = new FakeCart();
    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeCurrency currency = new FakeCurrency();
    private final FakeShipping shipping = new FakeShipping();
    private final FakePayment payment = new FakePayment();
    private FakeEmail email;
    private FakeFlagService flagService;
    private InProcessGrpc downstreams;
    private ManagedChannel nowhere;
    private InProcessGrpc grpc;
    private CheckoutServiceBlockingStub checkout;
    private final ExecutorService background = Executors.newFixedThreadPool(2);

    @BeforeEach
    void start() {
        email = new FakeEmail();
        flagService = new FakeFlagService().set(PaymentClient.UNREACHABLE_FLAG, 0);
        downstreams = InProcessGrpc.serve(cart, catalog, currency, shipping, payment);
        nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", ServiceProcess.freePort())
                .usePlaintext()
                .build();
        Checkout orders = new Checkout(
                new CartClient(downstreams.channel()),
                new ProductCatalogClient(downstreams.channel()),
                new CurrencyClient(downstreams.channel()),
                new ShippingClient(downstreams.channel()),
                new PaymentClient(downstreams.channel(), nowhere, flagService.client()),
                new EmailClient(
                        new HttpServiceClient(
                                RestClient.builder(),
                                "the email service",
                                "EMAIL_SERVICE_ADDR",
                                email.address(),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2)),
                        background),
                OpenTelemetry.noop());
        grpc = InProcessGrpc.serve(new CheckoutGrpcService(orders));
        checkout = CheckoutServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        downstreams.close();
        nowhere.shutdownNow();
        flagService.close();
        email.close();
        background.shutdownNow();
    }

    static CartItem item(String productId, int quantity) {
        return CartItem.newBuilder()
                .setProductId(productId)
                .setQuantity(quantity)
                .build();
    }

    static PlaceOrderRequest order(String currencyCode) {
        return PlaceOrderRequest.newBuilder()
                .setUserId(USER)
                .setUserCurrency(currencyCode)
                .setAddress(ADDRESS)
                .setEmail("someone@example.com")
                .setCreditCard(CARD)
                .build();
    }

    private OrderResult place(String currencyCode) {
        return checkout.placeOrder(order(currencyCode)).getOrder();
    }

    static Money money(String code, String amount) {
        return Money.of(code, amount);
    }

    private Money charged() {
        assertThat(payment.charges).hasSize(1);
        return Money.fromProto(payment.charges.get(0).getAmount());
    }

    @Test
    void placeOrder_usdCart_chargesShipsEmptiesMailsAndReturnsTheOrder() {
        cart.put(USER, item("LS4PSXUNUM", 1), item("2ZYFJ3GM2N", 2));

        OrderResult result = place("USD");

        UUID orderId = UUID.fromString(result.getOrderId());
        assertThat(orderId.version()).isEqualTo(1);
        assertThat(result.getOrderId())
                .isEqualTo(result.getOrderId().toLowerCase())
                .hasSize(36);
        assertThat(Money.fromProto(result.getShippingCost())).isEqualTo(money("USD", "26.70"));
        assertThat(result.getShippingAddress()).isEqualTo(ADDRESS);
        assertThat(result.getItemsList())
                .containsExactly(
                        OrderItem.newBuilder()
                                .setItem(item("LS4PSXUNUM", 1))
                                .setCost(money("USD", "57.08").toProto())
                                .build(),
                        OrderItem.newBuilder()
                                .setItem(item("2ZYFJ3GM2N", 2))
                                .setCost(money("USD", "209.95").toProto())
                                .build());
        assertThat(charged()).isEqualTo(money("USD", "503.68"));
        assertThat(payment.charges.get(0).getCreditCard()).isEqualTo(CARD);
        assertThat(shipping.shipped).singleElement().satisfies(shipment -> {
            assertThat(shipment.getAddress()).isEqualTo(ADDRESS);
            assertThat(shipment.getItemsList()).containsExactly(item("LS4PSXUNUM", 1), item("2ZYFJ3GM2N", 2));
        });
        assertThat(result.getShippingTrackingId()).hasSize(36);
        assertThat(cart.emptied).containsExactly(USER);

        JsonNode mail = JsonMapper.shared().readTree(email.awaitBodies(1).get(0));
        assertThat(email.contentTypes).containsExactly("application/json");
        assertThat(mail.get("email").asString()).isEqualTo("someone@example.com");
        assertThat(mail.get("order").get("order_id").asString()).isEqualTo(result.getOrderId());
        assertThat(mail.get("order").get("shipping_tracking_id").asString()).isEqualTo(result.getShippingTrackingId());
        assertThat(mail.get("order").get("items").get(0).toString())
                .isEqualTo("{\"item\":{\"product_id\":\"LS4PSXUNUM\",\"quantity\":1},"
                        + "\"cost\":{\"currency_code\":\"USD\",\"units\":57,\"nanos\":80000000}}");
    }

    @Test
    void placeOrder_eurCart_convertsEveryPriceAndTheTotalToTheNano() {
        cart.put(USER, item("66VCHSJNUP", 1), item("L9ECAV7KIM", 3));

        OrderResult result = place("EUR");

        assertThat(Money.fromProto(result.getShippingCost())).isEqualTo(money("EUR", "31.490490933"));
        assertThat(result.getItemsList())
                .extracting(i -> Money.fromProto(i.getCost()))
                .containsExactly(money("EUR", "309.553295002"), money("EUR", "19.416187528"));
        assertThat(charged()).isEqualTo(new Money("EUR", 399, 292_348_519));
    }

    @Test
    void placeOrder_jpyCart_convertsEveryPriceAndTheTotalToTheNano() {
        cart.put(USER, item("9SIQT8TOJO", 1), item("6E92ZMYYFZ", 1), item("OLJCESPC7Z", 1));

        OrderResult result = place("JPY");

        assertThat(Money.fromProto(result.getShippingCost())).isEqualTo(money("JPY", "2985.298540469"));
        assertThat(result.getItemsList())
                .extracting(i -> Money.fromProto(i.getCost()))
                .containsExactly(
                        money("JPY", "402400.353825741"),
                        money("JPY", "7821.034940292"),
                        money("JPY", "11400.038920831"));
        assertThat(charged()).isEqualTo(new Money("JPY", 424_606, 726_227_333));
    }

    @Test
    void placeOrder_emptyCart_isTheReferencesZeroValueOrder() {
        OrderResult result = place("CAD");

        assertThat(result.getItemsList()).isEmpty();
        assertThat(result.getShippingCost())
                .isEqualTo(hipstershop.Money.newBuilder().setCurrencyCode("CAD").build());
        assertThat(result.getShippingTrackingId()).isNotEmpty();
        assertThat(charged()).isEqualTo(Money.zero("CAD"));
        assertThat(email.awaitBodies(1))
                .singleElement()
                .asString()
                .doesNotContain("\"items\"")
                .contains("\"shipping_cost\":{\"currency_code\":\"CAD\"}");
    }

    @ParameterizedTest(name = "user_currency \"{0}\"")
    @ValueSource(strings = {"usd", "XXX", ""})
    void placeOrder_unsupportedCurrency_isInvalidArgumentBeforeAnythingElse(String code) {
        cart.put(USER, item("LS4PSXUNUM", 1));
        assertFails(order(code), Status.Code.INVALID_ARGUMENT, "unsupported currency code: " + code);
        assertThat(cart.reads).isEmpty();
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(ints = {0, -1})
    void placeOrder_cartLineBelowOne_isInvalidArgumentAndChargesNothing(int quantity) {
        cart.put(USER, item("LS4PSXUNUM", 1), item("1YMWWN1N4O", quantity));
        assertFails(order("USD"), Status.Code.INVALID_ARGUMENT, "quantity must be at least 1");
        assertNothingCharged();
    }

    @Test
    void placeOrder_cartFailing_keepsItsCodeAndNamesTheStep() {
        cart.getFailure = Status.UNAVAILABLE.withDescription("connection refused");
        assertFails(
                order("USD"),
                Status.Code.UNAVAILABLE,
                "cart failure: failed to get user cart during checkout: "
                        + "rpc error: code = Unavailable desc = connection refused");
        assertNothingCharged();
    }

    @Test
    void placeOrder_unknownProduct_isNotFoundNamingTheProduct() {
        cart.put(USER, item("LS4PSXUNUM", 1), item("NOSUCHPROD1", 1));
        assertFails(
                order("USD"), Status.Code.NOT_FOUND, "failed to prepare order: failed to get product #\"NOSUCHPROD1\"");
        assertNothingCharged();
    }

    @Test
    void placeOrder_catalogFailing_keepsItsCode() {
        cart.put(USER, item("OLJCESPC7Z", 1));
        catalog.failure = Status.INTERNAL.withDescription("Error: ProductCatalogService Fail Feature Flag Enabled");
        assertFails(
                order("USD"), Status.Code.INTERNAL, "failed to prepare order: failed to get product #\"OLJCESPC7Z\"");
        assertNothingCharged();
    }

    @Test
    void placeOrder_priceConversionFailing_keepsItsCodeAndNamesProductAndCurrency() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        currency.failWhenConverting = from -> from.equals(money("USD", "57.08"));
        currency.failure = Status.DEADLINE_EXCEEDED.withDescription("too slow");
        assertFails(
                order("EUR"),
                Status.Code.DEADLINE_EXCEEDED,
                "failed to prepare order: failed to convert price of \"LS4PSXUNUM\" to EUR");
        assertNothingCharged();
    }

    @Test
    void placeOrder_shippingQuoteFailing_keepsItsCodeAndNamesTheStep() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        shipping.quoteFailure = Status.UNAVAILABLE.withDescription("quote service down");
        assertFails(
                order("USD"),
                Status.Code.UNAVAILABLE,
                "shipping quote failure: failed to get shipping quote: "
                        + "rpc error: code = Unavailable desc = quote service down");
        assertNothingCharged();
    }

    @Test
    void placeOrder_shippingCostConversionFailing_keepsItsCodeAndNamesTheStep() {
        cart.put(USER, item("LS4PSXUNUM", 2));
        currency.failWhenConverting = from -> from.equals(money("USD", "17.80"));
        currency.failure = Status.INVALID_ARGUMENT.withDescription("unsupported currency code: EUR");
        assertFails(
                order("EUR"),
                Status.Code.INVALID_ARGUMENT,
                "failed to convert shipping cost to currency: failed to convert currency: "
                        + "rpc error: code = InvalidArgument desc = unsupported currency code: EUR");
        assertNothingCharged();
    }

    @Test
    void placeOrder_cardRefused_keepsInvalidArgumentWithTheReferencesWording() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        payment.failure = Status.INVALID_ARGUMENT.withDescription("Credit card info is invalid.");
        assertFails(
                order("USD"),
                Status.Code.INVALID_ARGUMENT,
                "failed to charge card: could not charge the card: "
                        + "rpc error: code = InvalidArgument desc = Credit card info is invalid.");
        assertThat(shipping.shipped).isEmpty();
        assertThat(cart.emptied).isEmpty();
        assertThat(email.bodies).isEmpty();
    }

    @Test
    void placeOrder_paymentUnreachableFlagOn_failsUnavailableAtTheChargeStep() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        flagService.set(PaymentClient.UNREACHABLE_FLAG, 1);
        assertThatThrownBy(() -> checkout.placeOrder(order("USD")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription())
                            .startsWith(
                                    "failed to charge card: could not charge the card: rpc error: code = Unavailable desc = ");
                });
        assertThat(payment.charges).isEmpty();
        assertThat(shipping.shipped).isEmpty();

        flagService.set(PaymentClient.UNREACHABLE_FLAG, 0);
        assertThat(place("USD").getItemsCount()).isEqualTo(1);
    }

    @Test
    void placeOrder_shipmentFailingAfterCharge_keepsItsCodeAndLogsOrderAndTransactionAtError(CapturedOutput output) {
        cart.put(USER, item("LS4PSXUNUM", 1));
        shipping.shipFailure = Status.UNAVAILABLE.withDescription("no trucks");
        assertFails(
                order("USD"),
                Status.Code.UNAVAILABLE,
                "shipping error: shipment failed: rpc error: code = Unavailable desc = no trucks");
        assertThat(charged()).isEqualTo(money("USD", "65.98"));
        assertThat(cart.emptied).isEmpty();
        assertThat(output.getAll())
                .containsPattern("ERROR.*order [0-9a-f-]{36} was charged 65.980000000 USD " + "\\(transaction "
                        + payment.lastTransactionId + "\\) but shipping failed");
    }

    @Test
    void placeOrder_emailFailing_stillSucceeds() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        email.status = 500;
        assertThat(place("USD").getItemsCount()).isEqualTo(1);
        email.close();
        assertThat(place("USD").getOrderId()).isNotEmpty();
        assertThat(payment.charges).hasSize(2);
    }

    @Test
    void placeOrder_emailSlowerThanTheCallersDeadline_stillSucceedsInTime() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        email.delayMillis = 1_500;
        long start = System.nanoTime();
        OrderResult result = checkout.withDeadlineAfter(1, TimeUnit.SECONDS)
                .placeOrder(order("USD"))
                .getOrder();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(email.awaitBodies(1)).singleElement().asString().contains(result.getOrderId());
    }

    @Test
    void placeOrder_emailServiceHanging_stillSucceedsAtOnce() {
        email.delayMillis = 5_000;
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            cart.put(USER, item("LS4PSXUNUM", 1));
            assertThat(place("USD").getItemsCount()).isEqualTo(1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0} of {1} characters")
    @CsvSource({"user_id, 257", "email, 255", "street_address, 257", "city, 257", "state, 257", "country, 257"})
    void placeOrder_textLongerThanItsLimit_isInvalidArgumentBeforeAnyCall(String field, int length) {
        cart.put(USER, item("LS4PSXUNUM", 1));
        String value = "x".repeat(length);
        PlaceOrderRequest.Builder request = order("USD").toBuilder();
        Address.Builder address = ADDRESS.toBuilder();
        switch (field) {
            case "user_id" -> request.setUserId(value);
            case "email" -> request.setEmail(value);
            case "street_address" -> address.setStreetAddress(value);
            case "city" -> address.setCity(value);
            case "state" -> address.setState(value);
            default -> address.setCountry(value);
        }
        assertFails(
                request.setAddress(address).build(),
                Status.Code.INVALID_ARGUMENT,
                field + " must be at most " + (length - 1) + " characters");
        assertThat(cart.reads).isEmpty();
        assertNothingCharged();
    }

    @Test
    void placeOrder_textsAtTheirLimits_areAnOrder() {
        cart.put("u".repeat(256), item("LS4PSXUNUM", 1));
        Address longest = Address.newBuilder()
                .setStreetAddress("s".repeat(256))
                .setCity("c".repeat(256))
                .setState("s".repeat(256))
                .setCountry("c".repeat(256))
                .build();
        OrderResult result = checkout.placeOrder(order("USD").toBuilder()
                        .setUserId("u".repeat(256))
                        .setEmail("e".repeat(242) + "@example.com")
                        .setAddress(longest)
                        .build())
                .getOrder();
        assertThat(result.getShippingAddress()).isEqualTo(longest);
        assertThat(email.awaitBodies(1)).singleElement().asString().contains("e".repeat(242) + "@example.com");
    }

    @Test
    void placeOrder_emptyCartFailing_stillSucceeds() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        cart.emptyFailure = Status.FAILED_PRECONDITION.withDescription("Can't access cart storage.");
        assertThat(place("USD").getItemsCount()).isEqualTo(1);
    }

    @Test
    void placeOrder_withoutAddressOrCard_passesThemOnAbsent() {
        cart.put(USER, item("LS4PSXUNUM", 1));
        OrderResult result = checkout.placeOrder(PlaceOrderRequest.newBuilder()
                        .setUserId(USER)
                        .setUserCurrency("USD")
                        .build())
                .getOrder();
        assertThat(result.hasShippingAddress()).isFalse();
        assertThat(payment.charges.get(0).hasCreditCard()).isFalse();
        assertThat(shipping.shipped.get(0).hasAddress()).isFalse();
    }

    @Test
    void placeOrder_ordersInARow_haveDistinctIds() {
        List<String> ids = List.of(
                place("USD").getOrderId(),
                place("USD").getOrderId(),
                place("USD").getOrderId());
        assertThat(ids).doesNotHaveDuplicates();
    }

    private void assertFails(PlaceOrderRequest request, Status.Code code, String message) {
        assertThatThrownBy(() -> checkout.placeOrder(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).isEqualTo(message);
                });
    }

    private void assertNothingCharged() {
        assertThat(payment.charges).isEmpty();
        assertThat(shipping.shipped).isEmpty();
        assertThat(cart.emptied).isEmpty();
        assertThat(email.bodies).isEmpty();
    }
}
