package boutique.checkout;

import boutique.kit.HttpServiceClient;
import boutique.kit.ShopException;
import hipstershop.Address;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import io.opentelemetry.context.Context;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The email service, as checkout uses it: {@code POST <EMAIL_SERVICE_ADDR>/send_order_confirmation} with the
 * order as the reference's Go encoder writes it (snake_case names, zero values left out), within a timeout.
 */
final class EmailClient {

    private static final Logger log = LoggerFactory.getLogger(EmailClient.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServiceClient emailService;
    private final Executor background;

    /**
     * {@code background} sends the mails; one it refuses (all busy, queue full) is dropped with a WARN. Each send
     * runs in the OpenTelemetry context of the order that asked for it (a thread-local, which a task on another
     * thread would not see), so its HTTP client span is part of the order's trace.
     */
    EmailClient(HttpServiceClient emailService, Executor background) {
        this.emailService = emailService;
        this.background = Context.taskWrapping(background);
    }

    /**
     * Sends the confirmation in the background, so a slow or failing email service can neither delay nor fail
     * the order; a failure is logged as a WARN. The send runs outside the gRPC call, so it has its own timeout,
     * not what is left of the order's deadline. The future tells whether the mail was accepted.
     */
    CompletableFuture<Boolean> sendOrderConfirmation(String email, OrderResult order) {
        byte[] body = body(email, order);
        try {
            return CompletableFuture.supplyAsync(() -> send(order.getOrderId(), body), background);
        } catch (RejectedExecutionException e) {
            log.warn(
                    "order {}: too many confirmations are waiting to be sent; none sent for this one",
                    order.getOrderId());
            return CompletableFuture.completedFuture(false);
        }
    }

    private boolean send(String orderId, byte[] body) {
        try {
            emailService.call(rest -> rest.post()
                    .uri("/send_order_confirmation")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .toBodilessEntity());
            log.debug("order {}: confirmation accepted by the email service", orderId);
            return true;
        } catch (ShopException e) {
            log.warn("order {}: no confirmation sent: {}", orderId, e.getMessage());
            return false;
        }
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
