package boutique.frontend.web;

import static boutique.frontend.shop.Futures.await;

import boutique.frontend.FrontendProperties;
import boutique.frontend.shop.Storefront;
import boutique.frontend.shop.Storefront.CartContents;
import boutique.frontend.shop.Storefront.CartLine;
import boutique.frontend.web.Json.MoneyJson;
import boutique.frontend.web.Json.OrderResultItemJson;
import boutique.frontend.web.Json.OrderResultJson;
import boutique.kit.Money;
import hipstershop.Ad;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CreditCardInfo;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.Product;
import java.net.URI;
import java.time.Month;
import java.time.Year;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shop's pages, rendered on the server: home, product, cart with the checkout form, order confirmation.
 * Each page starts its backend calls together; the catalog and (on the cart page) the cart are required, while
 * ads, suggestions, the shipping quote, the currency list and the header's cart are left out when they fail or
 * are late. Every action is a form post answered with a redirect, so a refresh never repeats it.
 */
@Controller
class PageController {

    private final Storefront shop;
    private final JsonMapper json;
    private final Platform platform;

    PageController(Storefront shop, JsonMapper json, FrontendProperties properties) {
        this.shop = shop;
        this.json = json;
        this.platform = Platform.of(properties.platform());
    }

    record ProductCard(String id, String name, String picture, String price) {

        static ProductCard of(Product p) {
            return new ProductCard(
                    p.getId(), p.getName(), p.getPicture(), p.hasPriceUsd() ? Prices.format(p.getPriceUsd()) : "");
        }
    }

    record Line(String id, String name, String picture, int quantity, String unitPrice, String total) {}

    /** The banner's colour and label for {@code ENV_PLATFORM} ("aws" and "aws-platform" both work). */
    record Platform(String label, String cssClass) {

        static Platform of(String name) {
            String key = name.toLowerCase(Locale.ROOT).replace("-platform", "");
            String known = List.of("aws", "gcp", "azure", "onprem", "alibaba").contains(key) ? key : "local";
            return new Platform(name, "platform-" + known);
        }
    }

    @GetMapping("/")
    String home(Visitor visitor, Model model) {
        CompletableFuture<List<Product>> products = shop.products(visitor.currency());
        layout(model, visitor, headerCart(visitor));
        List<Product> shown = await(products);
        ShopSpan.set(ShopSpan.PRODUCTS_COUNT, shown.size());
        model.addAttribute("products", shown.stream().map(ProductCard::of).toList());
        return "home";
    }

    @GetMapping("/product/{id}")
    String product(@PathVariable String id, Visitor visitor, Model model) {
        String currency = visitor.currency();
        ShopSpan.set(ShopSpan.PRODUCT_ID, id);
        CompletableFuture<Product> product = shop.product(id, currency);
        CompletableFuture<CartContents> cart = headerCart(visitor);
        CompletableFuture<List<Ad>> ads = shop.optional(shop.ads(List.of(id)), "ads", List.of());
        CompletableFuture<List<Product>> suggestions = shop.optional(
                cart.thenCompose(c -> shop.recommendations(visitor.sessionId(), excluded(id, c), currency)),
                "recommendations",
                List.of());
        layout(model, visitor, cart);
        Product p = await(product);
        model.addAttribute("product", p);
        model.addAttribute("price", p.hasPriceUsd() ? Prices.format(p.getPriceUsd()) : "");
        model.addAttribute(
                "quantities",
                IntStream.rangeClosed(RequestRules.MIN_QUANTITY, RequestRules.MAX_QUANTITY)
                        .boxed()
                        .toList());
        model.addAttribute(
                "recommendations",
                await(suggestions).stream().map(ProductCard::of).toList());
        model.addAttribute(
                "ad",
                await(ads).stream().findFirst().map(PageController::safeAd).orElse(null));
        return "product";
    }

    @GetMapping("/cart")
    String cart(Visitor visitor, Model model) {
        String currency = visitor.currency();
        ShopSpan.set(ShopSpan.USER_ID, visitor.sessionId());
        CompletableFuture<CartContents> required = shop.cart(visitor.sessionId(), currency);
        CompletableFuture<List<String>> currencies = shop.optional(shop.currencies(), "currency list", List.of());
        CartContents cart = await(required);
        List<CartItem> items = cart.lines().stream()
                .map(l -> CartItem.newBuilder()
                        .setProductId(l.productId())
                        .setQuantity(l.quantity())
                        .build())
                .toList();
        CompletableFuture<hipstershop.Money> shipping = items.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : shop.optional(shop.shippingQuote(items, currency), "shipping quote", null);
        CompletableFuture<List<Product>> suggestions = shop.optional(
                shop.recommendations(visitor.sessionId(), excluded(null, cart), currency),
                "recommendations",
                List.of());
        layout(model, visitor, currencies, cart);

        Money itemsTotal = Money.zero(currency);
        for (CartLine line : cart.lines()) {
            itemsTotal = itemsTotal.plus(
                    Money.fromProto(line.product().getPriceUsd()).times(line.quantity()));
        }
        hipstershop.Money quote = await(shipping);
        Money total = quote == null ? itemsTotal : itemsTotal.plus(Money.fromProto(quote));
        ShopSpan.set(ShopSpan.CART_SHIPPING_COST, quote);
        ShopSpan.set(ShopSpan.CART_TOTAL_PRICE, total);
        model.addAttribute("shipping", quote == null ? null : Prices.format(quote));
        model.addAttribute("total", Prices.format(total));
        model.addAttribute(
                "recommendations",
                await(suggestions).stream().map(ProductCard::of).toList());
        model.addAttribute(
                "months",
                IntStream.rangeClosed(1, 12)
                        .boxed()
                        .map(m -> Map.entry(m, Month.of(m).getDisplayName(TextStyle.FULL, Locale.US)))
                        .toList());
        int thisYear = Year.now().getValue();
        model.addAttribute(
                "years", IntStream.range(thisYear, thisYear + 20).boxed().toList());
        model.addAttribute("defaultYear", Math.max(thisYear + 1, 2030));
        return "cart";
    }

    @GetMapping("/cart/checkout/{orderId}")
    String confirmation(
            @PathVariable String orderId, @RequestParam(required = false) String order, Visitor visitor, Model model) {
        OrderResultJson placed = readOrder(orderId, order);
        List<CompletableFuture<Product>> products = placed.items().stream()
                .map(i -> shop.optional(
                        shop.product(i.item().productId(), ""),
                        "product " + i.item().productId(),
                        (Product) null))
                .toList();
        CompletableFuture<List<Product>> suggestions = shop.optional(
                shop.recommendations(
                        visitor.sessionId(),
                        placed.items().stream().map(i -> i.item().productId()).toList(),
                        visitor.currency()),
                "recommendations",
                List.of());
        layout(model, visitor, headerCart(visitor));

        List<Line> lines = new ArrayList<>();
        Money total = placed.shippingCost() == null ? null : money(placed.shippingCost());
        for (int i = 0; i < placed.items().size(); i++) {
            OrderResultItemJson item = placed.items().get(i);
            Product product = await(products.get(i));
            Money unit = money(item.cost());
            Money lineTotal = unit.times(item.item().quantity());
            total = total == null ? lineTotal : total.plus(lineTotal);
            lines.add(new Line(
                    item.item().productId(),
                    product == null ? item.item().productId() : product.getName(),
                    product == null ? null : product.getPicture(),
                    item.item().quantity(),
                    Prices.format(unit),
                    Prices.format(lineTotal)));
        }
        model.addAttribute("order", placed);
        model.addAttribute("lines", lines);
        model.addAttribute(
                "shipping", placed.shippingCost() == null ? null : Prices.format(money(placed.shippingCost())));
        model.addAttribute("total", total == null ? null : Prices.format(total));
        model.addAttribute(
                "recommendations",
                await(suggestions).stream().map(ProductCard::of).toList());
        return "order";
    }

    @PostMapping("/setCurrency")
    ResponseEntity<Void> setCurrency(
            @RequestParam(name = "currency_code", required = false) String code,
            @RequestHeader(name = HttpHeaders.REFERER, required = false) String referer,
            @CookieValue(name = Visitor.CURRENCY_COOKIE, required = false) String current) {
        ShopSpan.set(ShopSpan.CURRENCY, Visitor.isCurrencyCode(current) ? current : Visitor.DEFAULT_CURRENCY);
        ShopSpan.set(ShopSpan.CURRENCY_NEW, Visitor.isCurrencyCode(code) ? code : null);
        if (!Visitor.isCurrencyCode(code) || !await(shop.currencies()).contains(code)) {
            throw new BadInput("unsupported currency code: " + (code == null ? "" : code));
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(back(referer))
                .header(HttpHeaders.SET_COOKIE, Visitor.currencyCookie(code).toString())
                .build();
    }

    @PostMapping("/cart")
    ResponseEntity<Void> addToCart(
            Visitor visitor,
            @RequestParam(name = "product_id", required = false) String productId,
            @RequestParam(required = false) String quantity) {
        if (productId == null || productId.isBlank()) {
            throw new BadInput("product_id is required");
        }
        int count = RequestRules.quantity(RequestRules.wholeNumber(quantity, "quantity"), "quantity");
        ShopSpan.set(ShopSpan.USER_ID, visitor.sessionId());
        ShopSpan.set(ShopSpan.PRODUCT_ID, productId);
        ShopSpan.set(ShopSpan.PRODUCT_QUANTITY, count);
        await(shop.addToCart(visitor.sessionId(), productId, count));
        return seeOther(URI.create("/cart"));
    }

    @PostMapping("/cart/empty")
    ResponseEntity<Void> emptyCart(Visitor visitor) {
        ShopSpan.set(ShopSpan.USER_ID, visitor.sessionId());
        await(shop.emptyCart(visitor.sessionId()));
        return seeOther(URI.create("/"));
    }

    @PostMapping("/cart/checkout")
    ResponseEntity<Void> placeOrder(Visitor visitor, @RequestParam Map<String, String> form) {
        PlaceOrderRequest request = PlaceOrderRequest.newBuilder()
                .setUserId(visitor.sessionId())
                .setUserCurrency(visitor.currency())
                .setEmail(text(form, "email"))
                .setAddress(Address.newBuilder()
                        .setStreetAddress(text(form, "street_address"))
                        .setCity(text(form, "city"))
                        .setState(text(form, "state"))
                        .setCountry(text(form, "country"))
                        .setZipCode(RequestRules.zipCode(number(form, "zip_code", "zip code"), "zip code")))
                .setCreditCard(CreditCardInfo.newBuilder()
                        .setCreditCardNumber(
                                RequestRules.cardNumber(text(form, "credit_card_number"), "credit card number"))
                        .setCreditCardCvv(RequestRules.cvv(number(form, "credit_card_cvv", "CVV"), "CVV"))
                        .setCreditCardExpirationMonth(RequestRules.expirationMonth(
                                number(form, "credit_card_expiration_month", "month"), "month"))
                        .setCreditCardExpirationYear(RequestRules.expirationYear(
                                number(form, "credit_card_expiration_year", "year"), "year")))
                .build();
        ShopSpan.set(ShopSpan.USER_ID, visitor.sessionId());
        OrderResult order = await(shop.order(request));
        ShopSpan.orderTotal(order);
        URI confirmation = UriComponentsBuilder.fromPath("/cart/checkout/{id}")
                .queryParam("order", "{order}")
                .encode()
                .buildAndExpand(order.getOrderId(), json.writeValueAsString(OrderResultJson.of(order)))
                .toUri();
        return seeOther(confirmation);
    }

    private CompletableFuture<CartContents> headerCart(Visitor visitor) {
        return shop.optional(shop.cart(visitor.sessionId(), visitor.currency()), "cart in the header", null);
    }

    private void layout(Model model, Visitor visitor, CompletableFuture<CartContents> cart) {
        layout(model, visitor, shop.optional(shop.currencies(), "currency list", List.of()), await(cart));
    }

    /** What the header and footer of every page show: currencies, the cart badge and dropdown, the session. */
    private void layout(Model model, Visitor visitor, CompletableFuture<List<String>> currencies, CartContents cart) {
        List<String> codes = new ArrayList<>(await(currencies));
        if (!codes.contains(visitor.currency())) {
            codes.add(visitor.currency());
        }
        codes.sort(null);
        model.addAttribute("visitor", visitor);
        model.addAttribute("currencies", codes);
        model.addAttribute("currencySymbol", Prices.symbol(visitor.currency()));
        model.addAttribute("platform", platform);
        model.addAttribute("year", Year.now().getValue());
        ShopSpan.cart(cart);
        model.addAttribute("cartUnits", cart == null ? 0 : cart.units());
        model.addAttribute(
                "cartLines",
                cart == null
                        ? List.of()
                        : cart.lines().stream()
                                .map(l -> new Line(
                                        l.productId(),
                                        l.product().getName(),
                                        l.product().getPicture(),
                                        l.quantity(),
                                        Prices.format(l.product().getPriceUsd()),
                                        Prices.format(
                                                Money.fromProto(l.product().getPriceUsd())
                                                        .times(l.quantity()))))
                                .toList());
    }

    /** The page's product and everything in the cart: no point suggesting what the shopper already has. */
    private static List<String> excluded(String productId, CartContents cart) {
        List<String> ids = new ArrayList<>();
        if (productId != null) {
            ids.add(productId);
        }
        if (cart != null) {
            cart.lines().forEach(l -> ids.add(l.productId()));
        }
        return ids;
    }

    /** An ad may only send the shopper to a page of the shop. */
    private static Ad safeAd(Ad ad) {
        String url = ad.getRedirectUrl();
        return url.startsWith("/") && !url.startsWith("//")
                ? ad
                : ad.toBuilder().setRedirectUrl("/").build();
    }

    private OrderResultJson readOrder(String orderId, String order) {
        if (order == null || order.isBlank()) {
            return new OrderResultJson(orderId, "", null, null, List.of());
        }
        OrderResultJson placed;
        try {
            placed = json.readValue(order, OrderResultJson.class);
        } catch (JacksonException e) {
            throw new BadInput("the order in this link cannot be read");
        }
        if (placed == null) {
            throw new BadInput("the order in this link cannot be read");
        }
        List<OrderResultItemJson> items = placed.items() == null ? List.of() : placed.items();
        if (items.size() > RequestRules.MAX_ORDER_LINES
                || items.stream()
                        .anyMatch(i -> i == null
                                || i.item() == null
                                || i.cost() == null
                                || i.item().productId() == null
                                || i.item().quantity() < RequestRules.MIN_QUANTITY)) {
            throw new BadInput("the order in this link cannot be read");
        }
        return new OrderResultJson(
                placed.orderId() == null ? orderId : placed.orderId(),
                placed.shippingTrackingId() == null ? "" : placed.shippingTrackingId(),
                placed.shippingCost(),
                placed.shippingAddress(),
                items);
    }

    private static Money money(MoneyJson money) {
        return new Money(money.currencyCode(), money.units(), money.nanos());
    }

    /** Where to go back to after changing the currency: the page the form was on, never another site. */
    static URI back(String referer) {
        try {
            URI uri = referer == null ? null : URI.create(referer);
            String path = uri == null ? null : uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return URI.create("/");
            }
            return URI.create(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return URI.create("/");
        }
    }

    private static ResponseEntity<Void> seeOther(URI location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(location).build();
    }

    private static String text(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw new BadInput(name.replace('_', ' ') + " is required");
        }
        return value.strip();
    }

    private static long number(Map<String, String> form, String field, String name) {
        return RequestRules.wholeNumber(form.get(field), name);
    }
}
