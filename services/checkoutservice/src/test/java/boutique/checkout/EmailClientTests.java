package boutique.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmailClientTests {

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
