package boutique.shipping;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.FeatureFlags;
import boutique.kit.GrpcServerLifecycle;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.TestTelemetry;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.GetQuoteRequest;
import hipstershop.ShipOrderRequest;
import hipstershop.ShippingServiceGrpc;
import hipstershop.ShippingServiceGrpc.ShippingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipping service as it runs (its Spring wiring, the kit's gRPC server and Boot's RestClient builder), seen
 * as Jaeger shows it: each rpc's server span with its attributes, the quote call as a client span under it whose
 * trace the quote service receives, and the {@code intlShippingSlowdown} pause inside the server span.
 */
@SpringBootTest(
        properties = {"shop.grpc.port=0", "shop.shipping.intl-slowdown=" + ShippingTelemetryTests.SLOWDOWN_MILLIS + "ms"
        })
class ShippingTelemetryTests {

    static final long SLOWDOWN_MILLIS = 300;
    private static final String GET_QUOTE = "hipstershop.ShippingService/GetQuote";
    private static final String SHIP_ORDER = "hipstershop.ShippingService/ShipOrder";
    private static final Address GERMANY = Address.newBuilder()
            .setStreetAddress("Unter den Linden 1")
            .setCity("Berlin")
            .setCountry("Germany")
            .setZipCode(10117)
            .build();
    private static final TestTelemetry telemetry = new TestTelemetry();
    private static final QuoteServer quoteServer = new QuoteServer();
    private static final FakeFlagService flagService = new FakeFlagService();

    /** The service's OpenTelemetry and flags, replaced by in-memory ones. */
    @TestConfiguration
    static class InMemory {
        @Bean
        OpenTelemetry openTelemetry() {
            return telemetry.sdk();
        }

        @Bean
        FeatureFlags featureFlags() {
            return flagService.client();
        }
    }

    @DynamicPropertySource
    static void quoteService(DynamicPropertyRegistry registry) {
        registry.add("shop.shipping.quote-address", quoteServer::url);
    }

    @Autowired
    GrpcServerLifecycle server;

    private ManagedChannel channel;
    private ShippingServiceBlockingStub shipping;

    @BeforeEach
    void connect() {
        flagService.set(Shipping.INTL_SLOWDOWN_FLAG, 0);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .intercept(GrpcTelemetry.create(telemetry.sdk()).createClientInterceptor())
                .build();
        shipping = ShippingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        telemetry.reset();
        quoteServer.received().clear();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
        quoteServer.withStatus(200);
    }

    @AfterAll
    static void stopFakes() throws InterruptedException {
        quoteServer.close();
        flagService.close();
    }

    private static GetQuoteRequest quote(Address address, int... quantities) {
        GetQuoteRequest.Builder request = GetQuoteRequest.newBuilder().setAddress(address);
        for (int quantity : quantities) {
            request.addItems(CartItem.newBuilder().setProductId("OLJCESPC7Z").setQuantity(quantity));
        }
        return request.build();
    }

    @Test
    void getQuote_serverSpanCarriesUnitsAndCost_andTheQuoteCallIsItsChild_carryingTheTrace() {
        shipping.getQuote(quote(GERMANY, 1, 2));

        SpanData server = telemetry.server(GET_QUOTE);
        SpanData quoteCall = telemetry.client("POST");
        assertThat(server)
                .hasParent(telemetry.client(GET_QUOTE))
                .hasAttribute(Shipping.ITEMS_COUNT, 3L)
                .hasAttribute(Shipping.COST_TOTAL, 26.7);
        assertThat(quoteCall)
                .hasParent(server)
                .hasStatus(StatusData.unset())
                .hasAttribute(AttributeKey.stringKey("http.request.method"), "POST")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
                .hasAttribute(AttributeKey.stringKey("url.full"), quoteServer.url() + "/getquote");
        assertThat(quoteServer.received())
                .singleElement()
                .satisfies(received -> assertThat(received.traceparent())
                        .startsWith("00-" + quoteCall.getTraceId() + "-" + quoteCall.getSpanId() + "-"));
    }

    @Test
    void shipOrder_serverSpanCarriesUnitsAndTheTrackingIdAnswered() {
        String trackingId = shipping.shipOrder(ShipOrderRequest.newBuilder()
                        .setAddress(GERMANY)
                        .addAllItems(quote(GERMANY, 4).getItemsList())
                        .build())
                .getTrackingId();

        assertThat(telemetry.server(SHIP_ORDER))
                .hasAttribute(Shipping.ITEMS_COUNT, 4L)
                .hasAttribute(Shipping.TRACKING_ID, trackingId);
    }

    @Test
    void intlShippingSlowdown_isALongServerSpan_pausedBeforeTheQuoteCall() {
        flagService.set(Shipping.INTL_SLOWDOWN_FLAG, 1);

        shipping.getQuote(quote(GERMANY, 1));

        SpanData server = telemetry.server(GET_QUOTE);
        SpanData quoteCall = telemetry.client("POST");
        long slowdown = TimeUnit.MILLISECONDS.toNanos(SLOWDOWN_MILLIS);
        assertThat(Duration.ofNanos(server.getEndEpochNanos() - server.getStartEpochNanos()))
                .isGreaterThanOrEqualTo(Duration.ofNanos(slowdown));
        assertThat(quoteCall.getStartEpochNanos() - server.getStartEpochNanos())
                .as("nanoseconds from the server span's start to the quote call's")
                .isGreaterThanOrEqualTo(slowdown);
        assertThat(quoteCall).hasParent(server);
    }

    @Test
    void quoteServiceFailing_isAnErrorClientSpan_underAnErrorServerSpan() {
        quoteServer.withStatus(500);

        assertThatThrownBy(() -> shipping.getQuote(quote(GERMANY, 1))).isInstanceOf(StatusRuntimeException.class);

        assertThat(telemetry.client("POST"))
                .hasKind(SpanKind.CLIENT)
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 500L)
                .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR));
        assertThat(telemetry.server(GET_QUOTE))
                .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
                .hasAttribute(Shipping.ITEMS_COUNT, 1L);
    }
}
