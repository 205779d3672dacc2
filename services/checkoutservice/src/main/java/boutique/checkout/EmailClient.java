package boutique.checkout;

import hipstershop.Address;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The email service, as checkout uses it: {@code POST <EMAIL_SERVICE_ADDR>/send_order_confirmation} with the
 * order as the reference's Go encoder writes it (snake_case names, zero values left out), within a timeout.
 */
final class EmailClient {

    private static final Logger log = LoggerFactory.getLogger(EmailClient.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    EmailClient(String address, Duration timeout) {
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("environment variable EMAIL_SERVICE_ADDR is not set: it must name the "
                    + "URL of the email service, e.g. http://emailservice:6060");
        }
        String base = address.strip().replaceAll("/+$", "");
        this.endpoint = URI.create((base.contains("://") ? base : "http://" + base) + "/send_order_confirmation");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * Sends the confirmation in the background, so a slow or failing email service can neither delay nor fail
     * the order; a failure is logged as a WARN. The future tells whether the mail was accepted.
     */
    CompletableFuture<Boolean> sendOrderConfirmation(String email, OrderResult order) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(email, order)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                log.warn(
                        "order {}: the email service at {} cannot be reached ({}); no confirmation sent",
                        order.getOrderId(),
                        endpoint,
                        failure.toString());
                return false;
            }
            if (response.statusCode() != 200) {
                log.warn(
                        "order {}: the email service answered HTTP {}; no confirmation sent",
                        order.getOrderId(),
                        response.statusCode());
                return false;
            }
            return true;
        });
    }

    static byte[] body(String email, OrderResult order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("email", email);
            json.writeObjectPropertyStart("order");
            string(json, "order_id", order.getOrderId());
            string(json, "shipping_tracking_id", order.getShippingTrackingId());
            if (order.hasShippingCost()) {
                money(json, "shipping_cost", order.getShippingCost());
            }
            if (order.hasShippingAddress()) {
                address(json, order.getShippingAddress());
            }
            if (order.getItemsCount() > 0) {
                json.writeArrayPropertyStart("items");
                for (OrderItem item : order.getItemsList()) {
                    orderItem(json, item);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void orderItem(JsonGenerator json, OrderItem item) {
        json.writeStartObject();
        if (item.hasItem()) {
            json.writeObjectPropertyStart("item");
            string(json, "product_id", item.getItem().getProductId());
            number(json, "quantity", item.getItem().getQuantity());
            json.writeEndObject();
        }
        if (item.hasCost()) {
            money(json, "cost", item.getCost());
        }
        json.writeEndObject();
    }

    private static void money(JsonGenerator json, String name, Money money) {
        json.writeObjectPropertyStart(name);
        string(json, "currency_code", money.getCurrencyCode());
        number(json, "units", money.getUnits());
        number(json, "nanos", money.getNanos());
        json.writeEndObject();
    }

    private static void address(JsonGenerator json, Address address) {
        json.writeObjectPropertyStart("shipping_address");
        string(json, "street_address", address.getStreetAddress());
        string(json, "city", address.getCity());
        string(json, "state", address.getState());
        string(json, "country", address.getCountry());
        number(json, "zip_code", address.getZipCode());
        json.writeEndObject();
    }

    /** Zero values are left out, as Go's {@code omitempty} does. */
    private static void string(JsonGenerator json, String name, String value) {
        if (!value.isEmpty()) {
            json.writeStringProperty(name, value);
        }
    }

    private static void number(JsonGenerator json, String name, long value) {
        if (value != 0) {
            json.writeNumberProperty(name, value);
        }
    }
}
