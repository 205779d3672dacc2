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

    private final CartClient cart;
    private final ProductCatalogClient catalog;
    private final CurrencyClient currency;
    private final ShippingClient shipping;
    private final PaymentClient payment;
    private final EmailClient email;
    private final OrderIds orderIds = new OrderIds();

    Checkout(
            CartClient cart,
            ProductCatalogClient catalog,
            CurrencyClient currency,
            ShippingClient shipping,
            PaymentClient payment,
            EmailClient email) {
        this.cart = cart;
        this.catalog = catalog;
        this.currency = currency;
        this.shipping = shipping;
        this.payment = payment;
        this.email = email;
    }

    OrderResult placeOrder(PlaceOrderRequest request) {
        String userId = request.getUserId();
        String userCurrency = request.getUserCurrency();
        Address address = request.hasAddress() ? request.getAddress() : null;
        CreditCardInfo card = request.hasCreditCard() ? request.getCreditCard() : null;
        checkLengths(request);

        if (!step(currency::supportedCurrencies, "failed to get supported currencies")
                .contains(userCurrency)) {
            throw ShopException.invalidArgument("unsupported currency code: " + userCurrency);
        }
        String orderId = orderIds.next();
        List<CartItem> items = step(() -> cart.getCart(userId), "cart failure: failed to get user cart during checkout")
                .getItemsList();
        if (items.stream().anyMatch(item -> item.getQuantity() < 1)) {
            throw ShopException.invalidArgument("quantity must be at least 1");
        }
        List<OrderItem> priced = price(items, userCurrency);
        Money shippingUsd =
                step(() -> shipping.getQuote(address, items), "shipping quote failure: failed to get shipping quote");
        Money shippingCost = step(
                () -> currency.convert(shippingUsd, userCurrency),
                "failed to convert shipping cost to currency: failed to convert currency");
        Money total = total(shippingCost, priced);

        String transactionId =
                step(() -> payment.charge(total, card), "failed to charge card: could not charge the card");
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
