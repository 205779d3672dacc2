package boutique.checkout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The email service, as checkout uses it: {@code POST <EMAIL_SERVICE_ADDR>/send_order_confirmation} with the
 * order as the reference's Go encoder writes it (snake_case names, zero values left out), within a timeout.
 */
final class EmailClient {

    private static final Logger log = LoggerFactory.getLogger(EmailClient.class);

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
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Sends the confirmation; a failure is logged as a WARN and reported as false, never thrown. */
    boolean sendOrderConfirmation(String email, OrderResult order) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(email, order)))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return true;
            }
            log.warn("order {}: the email service answered HTTP {}; no confirmation sent", order.getOrderId(),
                    response.statusCode());
        } catch (IOException e) {
            log.warn("order {}: the email service at {} cannot be reached ({}); no confirmation sent",
                    order.getOrderId(), endpoint, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("order {}: interrupted while sending the confirmation", order.getOrderId());
        }
        return false;
    }

    static byte[] body(String email, OrderResult order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("order", fields(
                "order_id", order.getOrderId(),
                "shipping_tracking_id", order.getShippingTrackingId(),
                "shipping_cost", order.hasShippingCost() ? money(order.getShippingCost()) : null,
                "shipping_address", order.hasShippingAddress() ? address(order.getShippingAddress()) : null,
                "items", order.getItemsList().stream().map(EmailClient::item).toList()));
        return JsonMapper.shared().writeValueAsBytes(body);
    }

    private static Map<String, Object> item(OrderItem item) {
        return fields("item", item.hasItem() ? cartItem(item.getItem()) : null,
                "cost", item.hasCost() ? money(item.getCost()) : null);
    }

    private static Map<String, Object> cartItem(CartItem item) {
        return fields("product_id", item.getProductId(), "quantity", item.getQuantity());
    }

    private static Map<String, Object> money(Money money) {
        return fields("currency_code", money.getCurrencyCode(), "units", money.getUnits(), "nanos", money.getNanos());
    }

    private static Map<String, Object> address(Address address) {
        return fields("street_address", address.getStreetAddress(), "city", address.getCity(),
                "state", address.getState(), "country", address.getCountry(), "zip_code", address.getZipCode());
    }

    /** The named values in order, leaving out zero values as Go's {@code omitempty} does. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            boolean zero = value == null || "".equals(value)
                    || (value instanceof Number number && number.longValue() == 0)
                    || (value instanceof Collection<?> list && list.isEmpty());
            if (!zero) {
                fields.put((String) namesAndValues[i], value);
            }
        }
        return fields;
    }
}
