package boutique.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.checkout.Fakes.FakeEmail;
import boutique.kit.HttpServiceClient;
import boutique.kit.testing.ServiceProcess;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

@ExtendWith(OutputCaptureExtension.class)
class EmailClientTests {

    private static final OrderResult ORDER = OrderResult.newBuilder()
            .setOrderId("o-9")
            .setShippingTrackingId("t-9")
            .build();

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static HttpServiceClient emailService(String address, Duration timeout) {
        return new HttpServiceClient(
                RestClient.builder(), "the email service", "EMAIL_SERVICE_ADDR", address, timeout, timeout);
    }

    @Test
    void sendOrderConfirmation_accepted_isTrue() throws Exception {
        try (FakeEmail email = new FakeEmail()) {
            EmailClient client = new EmailClient(emailService(email.address(), Duration.ofSeconds(2)), background);
            assertThat(client.sendOrderConfirmation("a@example.com", ORDER).get(5, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(email.bodies).singleElement().asString().contains("\"order_id\":\"o-9\"");
            assertThat(email.contentTypes).containsExactly("application/json");
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {302, 400, 500})
    void sendOrderConfirmation_statusOtherThan2xx_isFalseWithAWarning(int status, CapturedOutput output)
            throws Exception {
        try (FakeEmail email = new FakeEmail()) {
            email.status = status;
            EmailClient client = new EmailClient(emailService(email.address(), Duration.ofSeconds(2)), background);
            assertThat(client.sendOrderConfirmation("a@example.com", ORDER).get(5, TimeUnit.SECONDS))
                    .isFalse();
            assertThat(output.getOut())
                    .contains("WARN")
                    .contains("order o-9: no confirmation sent: the email service answered HTTP " + status);
        }
    }

    @Test
    void sendOrderConfirmation_emailServiceTooSlow_isFalseAfterTheTimeout(CapturedOutput output) throws Exception {
        try (FakeEmail email = new FakeEmail()) {
            email.delayMillis = 3_000;
            EmailClient client = new EmailClient(emailService(email.address(), Duration.ofMillis(300)), background);
            assertThat(client.sendOrderConfirmation("a@example.com", ORDER).get(5, TimeUnit.SECONDS))
                    .isFalse();
            assertThat(output.getOut())
                    .contains("order o-9: no confirmation sent: the email service did not answer within 300 ms");
        }
    }

    @Test
    void sendOrderConfirmation_emailServiceDown_isFalse(CapturedOutput output) throws Exception {
        String nobody = "http://127.0.0.1:" + ServiceProcess.freePort();
        EmailClient client = new EmailClient(emailService(nobody, Duration.ofSeconds(2)), background);
        assertThat(client.sendOrderConfirmation("a@example.com", ORDER).get(5, TimeUnit.SECONDS))
                .isFalse();
        assertThat(output.getOut())
                .contains("order o-9: no confirmation sent: cannot connect to the email service at " + nobody);
    }

    @Test
    void sendOrderConfirmation_noRoomToSendIt_isFalseAtOnce(CapturedOutput output) throws Exception {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        EmailClient client = new EmailClient(emailService("http://127.0.0.1:1", Duration.ofSeconds(2)), full);
        assertThat(client.sendOrderConfirmation("a@example.com", ORDER)).isCompletedWithValue(false);
        assertThat(output.getOut()).contains("order o-9: too many confirmations are waiting to be sent");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "  ", "http://", "mailto:someone@example.com"})
    void emailServiceAddress_blankOrNotAnHttpUrl_stopsStartUpNamingTheVariable(String address) {
        assertThatThrownBy(() -> emailService(address, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EMAIL_SERVICE_ADDR");
    }

    @Test
    void emailServiceAddress_withoutScheme_isHttp() throws Exception {
        try (FakeEmail email = new FakeEmail()) {
            String hostAndPort = email.address().substring("http://".length());
            EmailClient client = new EmailClient(emailService(hostAndPort + "/", Duration.ofSeconds(2)), background);
            assertThat(client.sendOrderConfirmation("a@example.com", ORDER).get(5, TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    private static String body(String email, OrderResult order) {
        return new String(EmailClient.body(email, order), StandardCharsets.UTF_8);
    }

    @Test
    void body_oneItemOrder_isSnakeCaseInProtoFieldOrder() {
        OrderResult order = OrderResult.newBuilder()
                .setOrderId("o-1")
                .setShippingTrackingId("t-1")
                .setShippingCost(
                        Money.newBuilder().setCurrencyCode("USD").setUnits(8).setNanos(900_000_000))
                .setShippingAddress(Address.newBuilder()
                        .setStreetAddress("1 Main St")
                        .setCity("Springfield")
                        .setState("IL")
                        .setCountry("US")
                        .setZipCode(62701))
                .addItems(OrderItem.newBuilder()
                        .setItem(
                                CartItem.newBuilder().setProductId("LS4PSXUNUM").setQuantity(1))
                        .setCost(Money.newBuilder()
                                .setCurrencyCode("USD")
                                .setUnits(57)
                                .setNanos(80_000_000)))
                .build();
        assertThat(body("someone@example.com", order))
                .isEqualTo("{\"email\":\"someone@example.com\","
                        + "\"order\":{\"order_id\":\"o-1\",\"shipping_tracking_id\":\"t-1\","
                        + "\"shipping_cost\":{\"currency_code\":\"USD\",\"units\":8,\"nanos\":900000000},"
                        + "\"shipping_address\":{\"street_address\":\"1 Main St\",\"city\":\"Springfield\",\"state\":\"IL\","
                        + "\"country\":\"US\",\"zip_code\":62701},"
                        + "\"items\":[{\"item\":{\"product_id\":\"LS4PSXUNUM\",\"quantity\":1},"
                        + "\"cost\":{\"currency_code\":\"USD\",\"units\":57,\"nanos\":80000000}}]}}");
    }

    @Test
    void body_zeroValues_areLeftOutButTheEmailAlwaysStays() {
        OrderResult order = OrderResult.newBuilder()
                .setOrderId("o-2")
                .setShippingTrackingId("t-2")
                .setShippingCost(Money.newBuilder().setCurrencyCode("CAD"))
                .setShippingAddress(Address.newBuilder().setCity("Quoted \"City\""))
                .build();
        assertThat(body("", order))
                .isEqualTo("{\"email\":\"\",\"order\":{\"order_id\":\"o-2\","
                        + "\"shipping_tracking_id\":\"t-2\",\"shipping_cost\":{\"currency_code\":\"CAD\"},"
                        + "\"shipping_address\":{\"city\":\"Quoted \\\"City\\\"\"}}}");
    }
}
