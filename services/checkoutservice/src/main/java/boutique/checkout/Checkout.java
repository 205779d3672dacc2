package boutique.checkout;

import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CreditCardInfo;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order the way the reference does, one downstream call after another: cart, prices in the user's
 * currency, shipping quote, charge, shipment, empty cart, then the confirmation mail (sent in the background).
 * A failing call stops the order with the downstream's own status code and the reference's message naming the
 * step.
 *
 * <p>The order's server span names the user, the currency, the order, its amount, items and shipping cost, and
 * the tracking id; it has an event per step done ({@code prepared}, {@code charged} with the transaction id,
 * {@code shipped} with the tracking id), and the exception of a failed order. Reading the cart, pricing it and
 * quoting the shipping is a child span, {@code prepareOrderItemsAndShippingQuoteFromCart}, as in the reference.
 */
final class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    /** The cart service's own limit on the ids it stores. */
    static final int MAX_USER_ID_LENGTH = 256;
    /** The longest address a mail can be sent to (RFC 5321), as the email service checks. */
    static final int MAX_EMAIL_LENGTH = 254;
    /** A street, city, state or country, as the email service checks them. */
    static final int MAX_ADDRESS_FIELD_LENGTH = 256;
    /** Codes that say the order itself was wrong, not that a downstream is in trouble. */
    private static final Set<Status.Code> REFUSALS = EnumSet.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.OUT_OF_RANGE);

    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("app.user.id");
    static final AttributeKey<String> USER_CURRENCY = AttributeKey.stringKey("app.user.currency");
    static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("app.order.id");
    static final AttributeKey<Double> ORDER_AMOUNT = AttributeKey.doubleKey("app.order.amount");
    static final AttributeKey<Long> ORDER_ITEMS_COUNT = AttributeKey.longKey("app.order.items.count");
    static final AttributeKey<Double> SHIPPING_AMOUNT = AttributeKey.doubleKey("app.shipping.amount");
    static final AttributeKey<Long> CART_ITEMS_COUNT = AttributeKey.longKey("app.cart.items.count");
    static final AttributeKey<String> TRANSACTION_ID = AttributeKey.stringKey("app.payment.transaction.id");
    static final AttributeKey<String> TRACKING_ID = AttributeKey.stringKey("app.shipping.tracking.id");
    static final String PREPARE_SPAN = "prepareOrderItemsAndShippingQuoteFromCart";

    private final CartClient cart;
    private final ProductCatalogClient catalog;
    private final CurrencyClient currency;
    private final ShippingClient shipping;
    private final PaymentClient payment;
    private final EmailClient email;
    private final OrderIds orderIds = new OrderIds();
    private final Tracer tracer;

    Checkout(
            CartClient cart,
            ProductCatalogClient catalog,
            CurrencyClient currency,
            ShippingClient shipping,
            PaymentClient payment,
            EmailClient email,
            OpenTelemetry openTelemetry) {
        this.cart = cart;
        this.catalog = catalog;
        this.currency = currency;
        this.shipping = shipping;
        this.payment = payment;
        this.email = email;
        this.tracer = openTelemetry.getTracer("checkoutservice");
    }

    /** The cart's lines, each priced in the user's currency, and the shipping cost in that currency. */
    private record Prepared(List<CartItem> items, List<OrderItem> priced, Money shippingCost) {}

    OrderResult placeOrder(PlaceOrderRequest request) {
        Span span = Span.current();
        try {
            return placeOrder(request, span);
        } catch (ShopException e) {
            span.recordException(e);
            throw e;
        }
    }

    private OrderResult placeOrder(PlaceOrderRequest request, Span span) {
        String userId = request.getUserId();
        String userCurrency = request.getUserCurrency();
        Address address = request.hasAddress() ? request.getAddress() : null;
        CreditCardInfo card = request.hasCreditCard() ? request.getCreditCard() : null;
        checkLengths(request);
        span.setAttribute(USER_ID, userId);
        span.setAttribute(USER_CURRENCY, userCurrency);

        if (!step(currency::supportedCurrencies, "failed to get supported currencies")
                .contains(userCurrency)) {
            throw ShopException.invalidArgument("unsupported currency code: " + userCurrency);
        }
        String orderId = orderIds.next();
        span.setAttribute(ORDER_ID, orderId);
        Prepared prepared = prepare(userId, userCurrency, address);
        span.addEvent("prepared");
        List<CartItem> items = prepared.items();
        List<OrderItem> priced = prepared.priced();
        Money shippingCost = prepared.shippingCost();
        Money total = total(shippingCost, priced);
        span.setAttribute(ORDER_AMOUNT, amount(total));
        span.setAttribute(SHIPPING_AMOUNT, amount(shippingCost));
        span.setAttribute(ORDER_ITEMS_COUNT, priced.size());

        String transactionId =
                step(() -> payment.charge(total, card), "failed to charge card: could not charge the card");
        span.addEvent("charged", Attributes.of(TRANSACTION_ID, transactionId));
        String trackingId;
        try {
            trackingId = shipping.shipOrder(address, items);
        } catch (StatusRuntimeException e) {
            // The reference keeps this order of calls and refunds nothing: leave a trail for a human to act on.
            log.error(
                    "order {} was charged {} (transaction {}) but shipping failed: {}; nothing was refunded",
                    orderId,
                    total,
                    transactionId,
                    goError(e));
            throw failure(e, "shipping error: shipment failed: " + goError(e));
        }
        span.addEvent("shipped", Attributes.of(TRACKING_ID, trackingId));
        span.setAttribute(TRACKING_ID, trackingId);
        try {
            cart.emptyCart(userId);
        } catch (StatusRuntimeException e) {
            log.warn("order {}: the cart of user {} could not be emptied: {}", orderId, userId, goError(e));
        }

        OrderResult.Builder order = OrderResult.newBuilder()
                .setOrderId(orderId)
                .setShippingTrackingId(trackingId)
                .setShippingCost(shippingCost.toProto())
                .addAllItems(priced);
        if (address != null) {
            order.setShippingAddress(address);
        }
        OrderResult result = order.build();
        email.sendOrderConfirmation(request.getEmail(), result);
        log.info(
                "PlaceOrder order={} user={} items={} total={} transaction={} tracking={}",
                orderId,
                userId,
                items.size(),
                total,
                transactionId,
                trackingId);
        return result;
    }

    /**
     * The cart, each line's price in the user's currency, and the shipping cost in it, as a span of its own (a
     * child of the order's) that counts the units in the cart and the order's lines, and is an error span with
     * the exception when a step fails.
     */
    private Prepared prepare(String userId, String userCurrency, Address address) {
        Span span = tracer.spanBuilder(PREPARE_SPAN).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<CartItem> items = step(
                            () -> cart.getCart(userId), "cart failure: failed to get user cart during checkout")
                    .getItemsList();
            if (items.stream().anyMatch(item -> item.getQuantity() < 1)) {
                throw ShopException.invalidArgument("quantity must be at least 1");
            }
            List<OrderItem> priced = price(items, userCurrency);
            Money shippingUsd = step(
                    () -> shipping.getQuote(address, items), "shipping quote failure: failed to get shipping quote");
            Money shippingCost = step(
                    () -> currency.convert(shippingUsd, userCurrency),
                    "failed to convert shipping cost to currency: failed to convert currency");
            span.setAttribute(SHIPPING_AMOUNT, amount(shippingCost));
            span.setAttribute(CART_ITEMS_COUNT, units(items));
            span.setAttribute(ORDER_ITEMS_COUNT, priced.size());
            return new Prepared(items, priced, shippingCost);
        } catch (ShopException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /** An amount as a span attribute: a number in its currency (the currency is the user's, on the span). */
    private static double amount(Money money) {
        return money.units() + money.nanos() / 1e9;
    }

    /** The units in the cart, all lines together. */
    private static long units(List<CartItem> items) {
        long units = 0;
        for (CartItem item : items) {
            units += item.getQuantity();
        }
        return units;
    }

    /**
     * The strings an order passes on and sends back (to the cart, the email service, the order itself and the
     * log) are bounded, so a huge one is refused before any call rather than copied along.
     */
    private static void checkLengths(PlaceOrderRequest request) {
        requireAtMost(request.getUserId(), MAX_USER_ID_LENGTH, "user_id");
        requireAtMost(request.getEmail(), MAX_EMAIL_LENGTH, "email");
        Address address = request.getAddress();
        requireAtMost(address.getStreetAddress(), MAX_ADDRESS_FIELD_LENGTH, "street_address");
        requireAtMost(address.getCity(), MAX_ADDRESS_FIELD_LENGTH, "city");
        requireAtMost(address.getState(), MAX_ADDRESS_FIELD_LENGTH, "state");
        requireAtMost(address.getCountry(), MAX_ADDRESS_FIELD_LENGTH, "country");
    }

    private static void requireAtMost(String value, int max, String name) {
        if (value.length() > max) {
            throw ShopException.invalidArgument(name + " must be at most " + max + " characters");
        }
    }

    /** Each cart line with the price of one unit in the user's currency, in cart order. */
    private List<OrderItem> price(List<CartItem> items, String userCurrency) {
        List<OrderItem> priced = new ArrayList<>(items.size());
        for (CartItem item : items) {
            String id = item.getProductId();
            Money priceUsd = stepQuiet(
                    () -> Money.fromProto(catalog.getProduct(id).getPriceUsd()),
                    "failed to prepare order: failed to get product #" + goQuote(id));
            Money cost = stepQuiet(
                    () -> currency.convert(priceUsd, userCurrency),
                    "failed to prepare order: failed to convert price of " + goQuote(id) + " to " + userCurrency);
            priced.add(
                    OrderItem.newBuilder().setItem(item).setCost(cost.toProto()).build());
        }
        return priced;
    }

    private static Money total(Money shippingCost, List<OrderItem> items) {
        Money total = shippingCost;
        for (OrderItem item : items) {
            total = total.plus(
                    Money.fromProto(item.getCost()).times(item.getItem().getQuantity()));
        }
        return total;
    }

    /** A downstream call whose failure keeps its code, with the downstream's status rendered after the step. */
    private static <T> T step(Supplier<T> call, String failure) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failure(e, failure + ": " + goError(e));
        }
    }

    /** A downstream call whose failure keeps its code, with only the step in the message (as the reference). */
    private static <T> T stepQuiet(Supplier<T> call, String failure) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failure(e, failure);
        }
    }

    /**
     * The order's failure with the downstream's code. A downstream in trouble is a WARN; an order refused for
     * what it holds (a card declined, an unknown product) is routine, a DEBUG line.
     */
    private static ShopException failure(StatusRuntimeException e, String message) {
        Status.Code code = e.getStatus().getCode();
        if (REFUSALS.contains(code)) {
            log.debug("PlaceOrder refused with {}: {}", code, message);
        } else {
            log.warn("PlaceOrder failed with {}: {}", code, message);
        }
        return new ShopException(code, message);
    }

    /** A downstream status as Go's gRPC prints it: {@code rpc error: code = InvalidArgument desc = ...}. */
    static String goError(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription();
        return "rpc error: code = " + goCodeName(status.getCode()) + " desc = " + description;
    }

    static String goCodeName(Status.Code code) {
        if (code == Status.Code.OK) {
            return "OK";
        }
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        StringBuilder name = new StringBuilder();
        for (String word : code.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /** A string as Go's {@code %q} writes the plain ids of the catalog. */
    private static String goQuote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
