package boutique.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.HealthProbe;
import boutique.kit.testing.ServiceProcess;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.GetQuoteRequest;
import hipstershop.Money;
import hipstershop.ShipOrderRequest;
import hipstershop.ShippingServiceGrpc;
import hipstershop.ShippingServiceGrpc.ShippingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipping and quote services as real processes from their built jars, called over TCP as checkout and the
 * frontend call them. Needs {@code services/quoteservice} built (installed) first.
 */
class ShippingServiceIT {

    private static final Address US =
            Address.newBuilder().setCountry("United States").setZipCode(94043).build();

    private static ServiceProcess quote;
    private static ServiceProcess shippingProcess;
    private static ManagedChannel channel;
    private static int shippingPort;

    @BeforeAll
    static void start() {
        int quotePort = ServiceProcess.freePort();
        quote = ServiceProcess.startHttp(
                "quoteservice",
                "http://127.0.0.1:" + quotePort + "/actuator/health",
                Map.of("QUOTE_SERVICE_PORT", String.valueOf(quotePort)));
        shippingPort = ServiceProcess.freePort();
        shippingProcess = startShipping(shippingPort, "http://127.0.0.1:" + quotePort);
        channel = channelTo(shippingPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        shippingProcess.close();
        quote.close();
    }

    private static ServiceProcess startShipping(int port, String quoteAddress) {
        return ServiceProcess.startGrpc(
                "shippingservice",
                port,
                Map.of(
                        "SHIPPING_SERVICE_PORT",
                        String.valueOf(port),
                        "QUOTE_SERVICE_ADDR",
                        quoteAddress,
                        "FEATURE_FLAG_GRPC_SERVICE_ADDR",
                        ""));
    }

    /** A stub whose deadline starts now: a deadline is a point in time, so each call gets a fresh one. */
    private static ShippingServiceBlockingStub shipping() {
        return ShippingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static ManagedChannel channelTo(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Test
    void getQuote_overTcp_isPricedByTheRealQuoteService() {
        assertThat(HealthProbe.grpcServing("127.0.0.1:" + shippingPort, Duration.ofSeconds(2)))
                .isTrue();
        assertThat(shipping().getQuote(request(item("A", 1), item("B", 2))).getCostUsd())
                .isEqualTo(usd(26, 700000000));
        assertThat(shipping().getQuote(request(item("A", 9))).getCostUsd()).isEqualTo(usd(80, 100000000));
        assertThat(shipping().getQuote(GetQuoteRequest.getDefaultInstance()).getCostUsd())
                .isEqualTo(usd(0, 0));
        assertThat(shippingProcess.tail())
                .as("shipping is a gRPC service only: RestClient brings no web server")
                .doesNotContain("Tomcat")
                .doesNotContain("Netty started");
    }

    @Test
    void shipOrder_overTcp_givesATrackingId() {
        String id = shipping()
                .shipOrder(ShipOrderRequest.newBuilder()
                        .setAddress(US)
                        .addItems(item("A", 1))
                        .build())
                .getTrackingId();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void badQuantity_overTcp_isInvalidArgument() {
        assertThatThrownBy(() -> shipping().getQuote(request(item("A", 0))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("quantity must be at least 1");
                });
    }

    @Test
    void getQuote_quoteServiceDown_isUnavailableAndShipOrderStillWorks() throws InterruptedException {
        int port = ServiceProcess.freePort();
        String nobody = "http://127.0.0.1:" + ServiceProcess.freePort();
        ManagedChannel alone = channelTo(port);
        try (ServiceProcess withoutQuotes = startShipping(port, nobody)) {
            ShippingServiceBlockingStub stub =
                    ShippingServiceGrpc.newBlockingStub(alone).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stub.getQuote(request(item("A", 1))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("failed to get a shipping quote: cannot connect to the quote service at "
                                        + nobody);
                    });
            assertThat(stub.shipOrder(ShipOrderRequest.getDefaultInstance()).getTrackingId())
                    .hasSize(36);
        } finally {
            alone.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void startUp_withoutQuoteAddress_failsNamingTheVariable() {
        int port = ServiceProcess.freePort();
        assertThatThrownBy(() -> ServiceProcess.startGrpc(
                        "shippingservice",
                        port,
                        Map.of("SHIPPING_SERVICE_PORT", String.valueOf(port), "QUOTE_SERVICE_ADDR", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("QUOTE_SERVICE_ADDR is not set");
    }

    private static GetQuoteRequest request(CartItem... items) {
        return GetQuoteRequest.newBuilder()
                .setAddress(US)
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
