package boutique.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.checkout.Fakes.FakeCart;
import boutique.checkout.Fakes.FakeCatalog;
import boutique.checkout.Fakes.FakeCurrency;
import boutique.checkout.Fakes.FakeEmail;
import boutique.checkout.Fakes.FakePayment;
import boutique.checkout.Fakes.FakeShipping;
import boutique.kit.Money;
import boutique.kit.StatusMappingInterceptor;
import boutique.kit.testing.ServiceProcess;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.OrderResult;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checkout service as a real process, its downstreams fakes listening on TCP in this JVM. */
class CheckoutServiceIT {

    private final FakeCart cart = new FakeCart();
    private final FakePayment payment = new FakePayment();
    private FakeEmail email;
    private Server downstreams;

    @BeforeEach
    void startDownstreams() throws IOException {
        email = new FakeEmail();
        StatusMappingInterceptor mapping = new StatusMappingInterceptor();
        downstreams = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(cart, mapping))
                .addService(ServerInterceptors.intercept(new FakeCatalog(), mapping))
                .addService(ServerInterceptors.intercept(new FakeCurrency(), mapping))
                .addService(ServerInterceptors.intercept(new FakeShipping(), mapping))
                .addService(ServerInterceptors.intercept(payment, mapping))
                .build()
                .start();
    }

    @AfterEach
    void stopDownstreams() {
        downstreams.shutdownNow();
        email.close();
    }

    private Map<String, String> env(int port) {
        String address = "127.0.0.1:" + downstreams.getPort();
        Map<String, String> env = new HashMap<>(Map.of(
                "CHECKOUT_SERVICE_PORT",
                Integer.toString(port),
                "CART_SERVICE_ADDR",
                address,
                "PRODUCT_CATALOG_SERVICE_ADDR",
                address,
                "CURRENCY_SERVICE_ADDR",
                address,
                "SHIPPING_SERVICE_ADDR",
                address,
                "PAYMENT_SERVICE_ADDR",
                address,
                "EMAIL_SERVICE_ADDR",
                email.address()));
        return env;
    }

    @Test
    void placeOrder_overTcp_reachesEveryDownstreamFromTheReferenceVariables() {
        cart.put("it-user", CheckoutGrpcServiceTests.item("LS4PSXUNUM", 2));
        int port = ServiceProcess.freePort();
        try (ServiceProcess checkout = ServiceProcess.startGrpc("checkoutservice", port, env(port))) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            try {
                OrderResult order = CheckoutServiceGrpc.newBlockingStub(channel)
                        .placeOrder(CheckoutGrpcServiceTests.order("EUR").toBuilder()
                                .setUserId("it-user")
                                .build())
                        .getOrder();
                assertThat(order.getItemsList())
                        .singleElement()
                        .satisfies(item ->
                                assertThat(Money.fromProto(item.getCost())).isEqualTo(Money.of("EUR", "50.490933215")));
                assertThat(Money.fromProto(payment.charges.get(0).getAmount()))
                        .isEqualTo(Money.of("EUR", "116.727111897"));
                assertThat(cart.emptied).containsExactly("it-user");
                assertThat(email.awaitBodies(1)).singleElement().asString().contains(order.getOrderId());
                assertThat(checkout.tail())
                        .as("checkout is a gRPC service only: RestClient brings no web server")
                        .doesNotContain("Tomcat")
                        .doesNotContain("Netty started");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void start_withoutEmailAddress_failsNamingTheVariable() {
        int port = ServiceProcess.freePort();
        Map<String, String> env = env(port);
        env.put("EMAIL_SERVICE_ADDR", "");
        assertThatThrownBy(() ->
                        ServiceProcess.startGrpc("checkoutservice", port, env).close())
                .hasMessageContaining("EMAIL_SERVICE_ADDR is not set");
    }

    @Test
    void start_withoutPaymentAddress_failsNamingTheVariable() {
        int port = ServiceProcess.freePort();
        Map<String, String> env = env(port);
        env.remove("PAYMENT_SERVICE_ADDR");
        assertThatThrownBy(() ->
                        ServiceProcess.startGrpc("checkoutservice", port, env).close())
                .hasMessageContaining("PAYMENT_SERVICE_ADDR");
    }
}
