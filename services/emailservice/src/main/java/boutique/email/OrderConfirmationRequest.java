package boutique.email;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body checkout posts to {@code /send_order_confirmation}: the {@code OrderResult} in the snake_case names
 * the reference's checkout writes, with the camelCase names of protobuf's JSON accepted as well. Fields checkout
 * leaves out when they hold a zero value read as null or zero.
 */
record OrderConfirmationRequest(String email, Order order) {

    record Order(
            @JsonProperty("order_id") @JsonAlias("orderId") String orderId,

            @JsonProperty("shipping_tracking_id") @JsonAlias("shippingTrackingId")
            String shippingTrackingId,

            @JsonProperty("shipping_cost") @JsonAlias("shippingCost")
            Amount shippingCost,

            @JsonProperty("shipping_address") @JsonAlias("shippingAddress")
            Address shippingAddress,

            List<OrderItem> items) {}

    record Amount(
            @JsonProperty("currency_code") @JsonAlias("currencyCode")
            String currencyCode,

            long units,
            int nanos) {}

    /** {@code zip_code} is a number in v1.1.0 and a string in later versions; both read as text. */
    record Address(
            @JsonProperty("street_address") @JsonAlias("streetAddress")
            String streetAddress,

            String city,
            String state,
            String country,
            @JsonProperty("zip_code") @JsonAlias("zipCode") String zipCode) {}

    record OrderItem(Item item, Amount cost) {}

    record Item(
            @JsonProperty("product_id") @JsonAlias("productId")
            String productId,

            int quantity) {}
}
