package boutique.checkout;

import static boutique.checkout.CheckoutGrpcServiceTests.USER;
import static boutique.checkout.CheckoutGrpcServiceTests.item;
import static boutique.checkout.CheckoutGrpcServiceTests.order;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.checkout.Fakes.FakeCart;
import boutique.checkout.Fakes.FakeCatalog;
import boutique.checkout.Fakes.FakeCurrency;
import boutique.checkout.Fakes.FakeEmail;
import boutique.checkout.Fakes.FakePayment;
import boutique.checkout.Fakes.FakeShipping;
import boutique.kit.GrpcServerLifecycle;
import boutique.kit.HttpServiceClient;
import boutique.kit.KitTelemetryAutoConfiguration;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.ServiceProcess;
import boutique.kit.testing.TestTelemetry;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CheckoutServiceGrpc.CheckoutServiceBlockingStub;
import hipstershop.OrderResult;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.spring.web.v3_1.SpringWebTelemetry;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

/**
 * An order as Jaeger shows it: one trace from the caller through checkout's server span, its prepare span and
 * every downstream call, to the confirmation mail sent in the background; with the order's attributes and events,
 * and the failure of a step as error spans with the exception.
 */
class CheckoutTelemetryTests {

    private static final String PLACE_ORDER = "hipstershop.CheckoutService/PlaceOrder";

    private final TestTelemetry telemetry = new TestTelemetry();
    private final FakeCart cart = new FakeCart();
    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeCurrency currency = new FakeCurrency();
    private final FakeShipping shipping = new FakeShipping();
    private final FakePayment payment = new FakePayment();
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private FakeEmail email;
    private FakeFlagService flagService;
    private InProcessGrpc downstreams;
    private ManagedChannel nowhere;
    private GrpcServerLifecycle server;
    private ManagedChannel toCheckout;
    private CheckoutServiceBlockingStub checkout;

    @BeforeEach
    void start() {
        email = new FakeEmail();
        flagService = new FakeFlagService().set(PaymentClient.UNREACHABLE_FLAG, 0);
        downstreams = InProcessGrpc.serve(cart, catalog, currency, shipping, payment);
        Channel traced = telemetry.traced(downstreams.channel());
        nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", ServiceProcess.freePort())
                .usePlaintext()
                .build();
        // As the kit customizes Spring Boot's RestClient.Builder when the instrumentation is on the classpath.
        RestClient.Builder restClient = RestClient.builder()
                .requestInterceptor(SpringWebTelemetry.create(telemetry.sdk()).createInterceptor());
        Checkout orders = new Checkout(
                new CartClient(traced),
                new ProductCatalogClient(traced),
                new CurrencyClient(traced),
                new ShippingClient(traced),
                new PaymentClient(traced, nowhere, flagService.client()),
                new EmailClient(
                        new HttpServiceClient(
                                restClient,
                                "the email service",
                                "EMAIL_SERVICE_ADDR",
                                email.address(),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2)),
                        background),
                telemetry.sdk());
        server = telemetry.serveOnFreePort(new CheckoutGrpcService(orders));
        toCheckout = telemetry.channelTo(server);
        checkout = CheckoutServiceGrpc.newBlockingStub(toCheckout).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        toCheckout.shutdownNow();
        server.stop();
        downstreams.close();
        nowhere.shutdownNow();
        flagService.close();
        email.close();
        background.shutdownNow();
        telemetry.close();
    }

    /** Places an order in USD from inside a span of the caller's, as the frontend does. */
    private OrderResult placeInATrace() {
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("frontend").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            return checkout.placeOrder(order("USD")).getOrder();
        } finally {
            caller.end();
        }
    }

    @Test
    void placeOrder_serverSpanNamesTheOrder_withAnEventPerStep() {
        cart.put(USER, item("LS4PSXUNUM", 1), item("2ZYFJ3GM2N", 2));

        OrderResult result = placeInATrace();

        SpanData server = telemetry.server(PLACE_ORDER);
        assertThat(server)
                .hasParent(telemetry.client(PLACE_ORDER))
                .hasStatus(StatusData.unset())
                .hasAttribute(Checkout.USER_ID, USER)
                .hasAttribute(Checkout.USER_CURRENCY, "USD")
                .hasAttribute(Checkout.ORDER_ID, result.getOrderId())
                .hasAttribute(Checkout.ORDER_AMOUNT, 503.68)
                .hasAttribute(Checkout.SHIPPING_AMOUNT, 26.7)
                .hasAttribute(Checkout.ORDER_ITEMS_COUNT, 2L)
                .hasAttribute(Checkout.TRACKING_ID, result.getShippingTrackingId());
        List<EventData> steps = ownEvents(server);
        assertThat(steps).extracting(EventData::getName).containsExactly("prepared", "charged", "shipped");
        assertThat(steps.get(1).getAttributes().get(Checkout.TRANSACTION_ID)).isEqualTo(payment.lastTransactionId);
        assertThat(steps.get(2).getAttributes().get(Checkout.TRACKING_ID)).isEqualTo(result.getShippingTrackingId());
    }

    @Test
    void placeOrder_preparingIsAChildSpan_overTheCartPricingAndQuoteCalls() {
        cart.put(USER, item("LS4PSXUNUM", 1), item("2ZYFJ3GM2N", 2));

        placeInATrace();

        SpanData server = telemetry.server(PLACE_ORDER);
        SpanData prepare = telemetry.span(Checkout.PREPARE_SPAN, SpanKind.INTERNAL);
        assertThat(prepare)
                .hasParent(server)
                .hasStatus(StatusData.unset())
                .hasAttribute(Checkout.CART_ITEMS_COUNT, 3L)
                .hasAttribute(Checkout.ORDER_ITEMS_COUNT, 2L)
                .hasAttribute(Checkout.SHIPPING_AMOUNT, 26.7);
        for (String call : List.of(
                "hipstershop.CartService/GetCart",
                "hipstershop.ProductCatalogService/GetProduct",
                "hipstershop.ShippingService/GetQuote")) {
            assertThat(telemetry.client(call)).as(call).hasParent(prepare);
        }
        for (String call : List.of(
                "hipstershop.PaymentService/Charge",
                "hipstershop.ShippingService/ShipOrder",
                "hipstershop.CartService/EmptyCart")) {
            assertThat(telemetry.client(call)).as(call).hasParent(server);
        }
    }

    @Test
    void placeOrder_confirmationSentInTheBackground_isAnHttpClientSpanOfTheOrdersTrace() {
        cart.put(USER, item("LS4PSXUNUM", 1));

        placeInATrace();

        SpanData server = telemetry.server(PLACE_ORDER);
        SpanData mail = telemetry.client("POST");
        assertThat(mail)
                .hasParent(server)
                .hasAttribute(AttributeKey.stringKey("url.full"), email.address() + "/send_order_confirmation")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
        assertThat(email.traceparents)
                .singleElement()
                .asString()
                .startsWith("00-" + server.getTraceId() + "-" + mail.getSpanId() + "-");
        assertThat(telemetry.spans())
                .as("every span of the order, the caller's included, is in one trace")
                .allSatisfy(span -> assertThat(span).hasTraceId(server.getTraceId()));
    }

    @Test
    void placeOrder_productCatalogFailing_isAnErrorPrepareSpanAndAnErrorOrder_withTheException() {
        cart.put(USER, item("OLJCESPC7Z", 1));
        catalog.failure = Status.INTERNAL.withDescription("Error: ProductCatalogService Fail Feature Flag Enabled");

        assertThatThrownBy(this::placeInATrace).isInstanceOf(StatusRuntimeException.class);

        String message = "failed to prepare order: failed to get product #\"OLJCESPC7Z\"";
        assertThat(telemetry.client("hipstershop.ProductCatalogService/GetProduct"))
                .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR));
        assertThat(telemetry.span(Checkout.PREPARE_SPAN, SpanKind.INTERNAL))
                .hasStatus(StatusData.create(StatusCode.ERROR, message))
                .hasEventsSatisfyingExactly(exception -> exception
                        .hasName("exception")
                        .hasAttributesSatisfying(
                                attributes -> assertThat(attributes).containsEntry("exception.message", message)));
        SpanData server = telemetry.server(PLACE_ORDER);
        assertThat(server).hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR));
        assertThat(ownEvents(server)).extracting(EventData::getName).containsExactly("exception");
    }

    @Test
    void placeOrder_chargeRefused_isPreparedButNotCharged_withTheException() {
        cart.put(USER, item("OLJCESPC7Z", 1));
        payment.failure = Status.INVALID_ARGUMENT.withDescription("Credit card info is invalid.");

        assertThatThrownBy(this::placeInATrace).isInstanceOf(StatusRuntimeException.class);

        assertThat(ownEvents(telemetry.server(PLACE_ORDER)))
                .extracting(EventData::getName)
                .containsExactly("prepared", "exception");
    }

    @Test
    void restClientBuilderOfTheApplication_tracesTheMail_withTheKitsWiring() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(RestClientAutoConfiguration.class, KitTelemetryAutoConfiguration.class))
                .withBean(OpenTelemetry.class, () -> telemetry.sdk())
                .run(context -> {
                    EmailClient mail = new EmailClient(
                            new HttpServiceClient(
                                    context.getBean(RestClient.Builder.class),
                                    "the email service",
                                    "EMAIL_SERVICE_ADDR",
                                    email.address(),
                                    Duration.ofSeconds(2),
                                    Duration.ofSeconds(2)),
                            background);
                    Span order = telemetry
                            .sdk()
                            .getTracer("test")
                            .spanBuilder("order")
                            .startSpan();
                    try (Scope ignored = order.makeCurrent()) {
                        assertThat(mail.sendOrderConfirmation("a@example.com", OrderResult.getDefaultInstance())
                                        .get(5, TimeUnit.SECONDS))
                                .isTrue();
                    } finally {
                        order.end();
                    }
                    SpanData post = telemetry.client("POST");
                    assertThat(post).hasParent(telemetry.span("order", SpanKind.INTERNAL));
                    assertThat(email.traceparents)
                            .singleElement()
                            .asString()
                            .startsWith("00-" + post.getTraceId() + "-" + post.getSpanId() + "-");
                });
    }

    /** The events checkout put on a span, without the gRPC instrumentation's "message" events. */
    private static List<EventData> ownEvents(SpanData span) {
        return span.getEvents().stream()
                .filter(event -> !event.getName().equals("message"))
                .map(EventData.class::cast)
                .toList();
    }
}
