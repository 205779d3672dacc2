package boutique.frontend.shop;

import boutique.frontend.FrontendProperties;
import boutique.frontend.backend.AdClient;
import boutique.frontend.backend.CartClient;
import boutique.frontend.backend.CheckoutClient;
import boutique.frontend.backend.CurrencyClient;
import boutique.frontend.backend.ProductCatalogClient;
import boutique.frontend.backend.RecommendationClient;
import boutique.frontend.backend.ShippingClient;
import hipstershop.Ad;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.Product;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What the pages and the JSON API ask of the backends, composed from the clients: prices in a currency, a cart
 * with its products, suggestions, ads, a shipping quote, an order. Independent calls run concurrently; every call
 * starts in the OpenTelemetry context of the request it serves (see {@code Reply} and {@link #optional}), also when
 * it is chained on another's answer, so one page view or one order is one trace.
 */
@Service
public class Storefront {

    static final int MAX_RECOMMENDATIONS = 4;

    private static final Logger log = LoggerFactory.getLogger(Storefront.class);

    private final AdClient ads;
    private final CartClient carts;
    private final CheckoutClient checkout;
    private final CurrencyClient currency;
    private final ProductCatalogClient catalog;
    private final RecommendationClient recommendations;
    private final ShippingClient shipping;
    private final Duration optionalDeadline;

    Storefront(
            AdClient ads,
            CartClient carts,
            CheckoutClient checkout,
            CurrencyClient currency,
            ProductCatalogClient catalog,
            RecommendationClient recommendations,
            ShippingClient shipping,
            FrontendProperties properties) {
        this.ads = ads;
        this.carts = carts;
        this.checkout = checkout;
        this.currency = currency;
        this.catalog = catalog;
        this.recommendations = recommendations;
        this.shipping = shipping;
        this.optionalDeadline = properties.optionalDeadline();
    }

    /** A cart line with the product it names, priced in the requested currency. */
    public record CartLine(String productId, int quantity, Product product) {}

    /** A cart with its products; {@code userId} is what the cart service answered ("" for an empty cart). */
    public record CartContents(String userId, List<CartLine> lines) {

        public int units() {
            return lines.stream().mapToInt(CartLine::quantity).sum();
        }
    }

    /** A placed order and, for each of its items in the same order, the product priced in the requested currency. */
    public record PlacedOrder(OrderResult order, List<Product> products) {}

    /** Empty, missing and USD all mean the catalog's own prices, with no conversion call. */
    static boolean isUsd(String currencyCode) {
        return currencyCode == null || currencyCode.isEmpty() || "USD".equals(currencyCode);
    }

    public CompletableFuture<List<String>> currencies() {
        return currency.getSupportedCurrencies();
    }

    public CompletableFuture<Money> convert(Money amount, String currencyCode) {
        return isUsd(currencyCode) && "USD".equals(amount.getCurrencyCode())
                ? CompletableFuture.completedFuture(amount)
                : currency.convert(amount, isUsd(currencyCode) ? "USD" : currencyCode);
    }

    public CompletableFuture<List<Product>> products(String currencyCode) {
        return catalog.listProducts()
                .thenCompose(products -> Futures.all(
                        products.stream().map(p -> inCurrency(p, currencyCode)).toList()));
    }

    public CompletableFuture<Product> product(String id, String currencyCode) {
        return catalog.getProduct(id).thenCompose(p -> inCurrency(p, currencyCode));
    }

    private CompletableFuture<Product> inCurrency(Product product, String currencyCode) {
        if (isUsd(currencyCode) || !product.hasPriceUsd()) {
            return CompletableFuture.completedFuture(product);
        }
        // The field keeps its name after conversion, as in the reference.
        return currency.convert(product.getPriceUsd(), currencyCode)
                .thenApply(price -> product.toBuilder().setPriceUsd(price).build());
    }

    public CompletableFuture<CartContents> cart(String userId, String currencyCode) {
        return carts.getCart(userId)
                .thenCompose(cart -> Futures.all(cart.getItemsList().stream()
                                .map(item -> product(item.getProductId(), currencyCode)
                                        .thenApply(p -> new CartLine(item.getProductId(), item.getQuantity(), p)))
                                .toList())
                        .thenApply(lines -> new CartContents(cart.getUserId(), lines)));
    }

    /** Adds to the cart after checking that the product exists, so an unknown id is never stored. */
    public CompletableFuture<Cart> addToCart(String userId, String productId, int quantity) {
        return catalog.getProduct(productId)
                .thenCompose(p -> carts.addItem(userId, productId, quantity))
                .thenCompose(done -> carts.getCart(userId));
    }

    public CompletableFuture<Void> emptyCart(String userId) {
        return carts.emptyCart(userId).thenApply(done -> null);
    }

    /** Up to four suggested products, none of {@code excluded}, priced in the currency. */
    public CompletableFuture<List<Product>> recommendations(String userId, List<String> excluded, String currencyCode) {
        return recommendations
                .listRecommendations(userId, excluded, optionalDeadline)
                .thenCompose(ids -> Futures.all(ids.stream()
                        .limit(MAX_RECOMMENDATIONS)
                        .map(id -> product(id, currencyCode))
                        .toList()));
    }

    public CompletableFuture<List<Ad>> ads(List<String> contextKeys) {
        return ads.getAds(contextKeys, optionalDeadline);
    }

    /** The shipping cost of these items in the currency (the shipping service quotes in USD). */
    public CompletableFuture<Money> shippingQuote(List<CartItem> items, String currencyCode) {
        return shipping.getQuote(items, optionalDeadline).thenCompose(usd -> convert(usd, currencyCode));
    }

    public CompletableFuture<OrderResult> order(PlaceOrderRequest request) {
        return checkout.placeOrder(request).thenApply(order -> {
            log.info(
                    "order placed orderId={} userId={} items={}",
                    order.getOrderId(),
                    request.getUserId(),
                    order.getItemsCount());
            return order;
        });
    }

    /** Places the order, then looks up each ordered product priced in the currency, as the JSON API answers. */
    public CompletableFuture<PlacedOrder> placeOrder(PlaceOrderRequest request, String currencyCode) {
        return order(request).thenCompose(order -> {
            List<CompletableFuture<Product>> products = new ArrayList<>();
            for (OrderItem item : order.getItemsList()) {
                products.add(product(item.getItem().getProductId(), currencyCode));
            }
            return Futures.all(products).thenApply(list -> new PlacedOrder(order, list));
        });
    }

    /**
     * An optional part of a page: its value, or {@code fallback} with a WARN when it fails or is later than the
     * optional deadline, so that a slow or broken ad or recommendation service never breaks the page. It completes
     * in the caller's OpenTelemetry context also when the deadline passes, on the JDK's timer thread: a call
     * chained on it (suggestions after the header's cart) still belongs to the request's trace.
     */
    public <T> CompletableFuture<T> optional(CompletableFuture<T> call, String what, T fallback) {
        Context context = Context.current();
        CompletableFuture<T> result = new CompletableFuture<>();
        call.orTimeout(optionalDeadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            try (Scope ignored = context.makeCurrent()) {
                if (error == null) {
                    result.complete(value);
                } else {
                    log.warn("{} left out of the page: {}", what, describe(Futures.unwrap(error)));
                    result.complete(fallback);
                }
            }
        });
        return result;
    }

    static String describe(Throwable e) {
        if (e instanceof io.grpc.StatusRuntimeException status) {
            return status.getStatus().getCode() + " " + status.getStatus().getDescription();
        }
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        return e.toString();
    }
}
