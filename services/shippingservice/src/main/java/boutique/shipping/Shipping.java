package boutique.shipping;

import boutique.kit.FeatureFlags;
import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.Address;
import hipstershop.CartItem;
import io.grpc.Context;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What shipping does: prices a shipment by its number of items (the address does not matter) and hands out
 * tracking ids. Under the {@code intlShippingSlowdown} scenario a shipment abroad is answered late. The rpc's
 * server span is given the number of units shipped ({@code app.shipping.items.count}) and the price
 * ({@code app.shipping.cost.total}, in USD) or the tracking id ({@code app.shipping.tracking.id}).
 */
@Component
class Shipping {

    static final String INTL_SLOWDOWN_FLAG = "intlShippingSlowdown";
    static final String DOMESTIC_COUNTRY = "United States";
    /** The reference counts items in an unsigned 32-bit number; a larger total is refused, not wrapped. */
    static final long MAX_TOTAL_QUANTITY = 4_294_967_295L;

    static final AttributeKey<Long> ITEMS_COUNT = AttributeKey.longKey("app.shipping.items.count");
    static final AttributeKey<Double> COST_TOTAL = AttributeKey.doubleKey("app.shipping.cost.total");
    static final AttributeKey<String> TRACKING_ID = AttributeKey.stringKey("app.shipping.tracking.id");

    private final QuoteClient quotes;
    private final FeatureFlags flags;
    private final Duration intlSlowdown;

    Shipping(QuoteClient quotes, FeatureFlags flags, ShippingProperties properties) {
        this.quotes = quotes;
        this.flags = flags;
        this.intlSlowdown = properties.intlSlowdown();
    }

    /** The cost in USD of shipping these items. */
    Money quote(Address address, List<CartItem> items) {
        long total = totalQuantity(items);
        if (total > MAX_TOTAL_QUANTITY) {
            throw ShopException.invalidArgument("total quantity must be at most " + MAX_TOTAL_QUANTITY);
        }
        Span span = Span.current();
        span.setAttribute(ITEMS_COUNT, total);
        slowDownIfAbroad(address);
        Money cost = quotes.quote(total);
        span.setAttribute(COST_TOTAL, cost.units() + cost.nanos() / 1e9);
        return cost;
    }

    /** A new tracking id for a shipment of these items: a random (version 4) UUID, as the reference's. */
    String ship(Address address, List<CartItem> items) {
        Span span = Span.current();
        span.setAttribute(ITEMS_COUNT, totalQuantity(items));
        slowDownIfAbroad(address);
        String trackingId = UUID.randomUUID().toString();
        span.setAttribute(TRACKING_ID, trackingId);
        return trackingId;
    }

    static long totalQuantity(List<CartItem> items) {
        long total = 0;
        for (CartItem item : items) {
            if (item.getQuantity() < 1) {
                throw ShopException.invalidArgument("quantity must be at least 1");
            }
            total += item.getQuantity();
        }
        return total;
    }

    /** A shipment without an address has no country, so it is not abroad. */
    private void slowDownIfAbroad(Address address) {
        String country = address.getCountry().strip();
        if (!country.isEmpty() && !country.equalsIgnoreCase(DOMESTIC_COUNTRY) && flags.isOn(INTL_SLOWDOWN_FLAG)) {
            pause(intlSlowdown);
        }
    }

    /** Waits, but stops as soon as the caller gives up, so an abandoned call does not hold a thread. */
    private static void pause(Duration delay) {
        Context context = Context.current();
        CountDownLatch cancelled = new CountDownLatch(1);
        Context.CancellationListener listener = c -> cancelled.countDown();
        context.addListener(listener, Runnable::run);
        try {
            cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.removeListener(listener);
        }
        if (context.isCancelled()) {
            throw new ShopException(Status.Code.CANCELLED, "the call was cancelled during the slowdown");
        }
    }
}
