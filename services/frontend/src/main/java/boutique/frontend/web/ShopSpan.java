package boutique.frontend.web;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import boutique.frontend.shop.Storefront.CartContents;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * The reference frontend's {@code app.*} attributes, put on the server span of the request being handled (the
 * current span: the kit's telemetry filter starts it, and {@link RequestBodyLimit} carries it into the dispatch
 * that follows a body). Each is one call on the span: nothing is built for them.
 */
final class ShopSpan {

    static final AttributeKey<String> SESSION_ID = stringKey("app.session.id");
    static final AttributeKey<String> USER_ID = stringKey("app.user.id");
    static final AttributeKey<String> CURRENCY = stringKey("app.currency");
    static final AttributeKey<String> CURRENCY_NEW = stringKey("app.currency.new");
    static final AttributeKey<String> PRODUCT_ID = stringKey("app.product.id");
    static final AttributeKey<Long> PRODUCT_QUANTITY = longKey("app.product.quantity");
    static final AttributeKey<Long> PRODUCTS_COUNT = longKey("app.products.count");
    /** Units in the cart, the badge's number. */
    static final AttributeKey<Long> CART_SIZE = longKey("app.cart.size");
    /** Lines in the cart: distinct products. */
    static final AttributeKey<Long> CART_ITEMS_COUNT = longKey("app.cart.items.count");

    static final AttributeKey<Double> CART_SHIPPING_COST = doubleKey("app.cart.shipping.cost");
    static final AttributeKey<Double> CART_TOTAL_PRICE = doubleKey("app.cart.total.price");
    static final AttributeKey<Double> ORDER_TOTAL = doubleKey("app.order.total");

    private ShopSpan() {}

    static void set(AttributeKey<String> key, String value) {
        if (value != null) {
            Span.current().setAttribute(key, value);
        }
    }

    static void set(AttributeKey<Long> key, long value) {
        Span.current().setAttribute(key, value);
    }

    /** An amount in its currency, as a number: 57.08 for 57 units and 80,000,000 nanos. */
    static void set(AttributeKey<Double> key, boutique.kit.Money amount) {
        if (amount != null) {
            Span.current().setAttribute(key, amount.units() + amount.nanos() / 1e9);
        }
    }

    static void set(AttributeKey<Double> key, hipstershop.Money amount) {
        if (amount != null) {
            Span.current().setAttribute(key, amount.getUnits() + amount.getNanos() / 1e9);
        }
    }

    /** What an order cost in all, shipping included, in the currency it was placed in. */
    static void orderTotal(OrderResult order) {
        double total =
                order.getShippingCost().getUnits() + order.getShippingCost().getNanos() / 1e9;
        for (OrderItem item : order.getItemsList()) {
            total += (item.getCost().getUnits() + item.getCost().getNanos() / 1e9)
                    * item.getItem().getQuantity();
        }
        Span.current().setAttribute(ORDER_TOTAL, total);
    }

    /** The visitor of a page: the session, which is also the user id the backends know, and the currency. */
    static void visitor(Visitor visitor) {
        Span span = Span.current();
        span.setAttribute(SESSION_ID, visitor.sessionId());
        span.setAttribute(CURRENCY, visitor.currency());
    }

    /** A cart's size in units and in lines; nothing when it is not known (an optional part left out). */
    static void cart(CartContents cart) {
        if (cart != null) {
            Span span = Span.current();
            span.setAttribute(CART_SIZE, cart.units());
            span.setAttribute(CART_ITEMS_COUNT, cart.lines().size());
        }
    }
}
