package boutique.frontend.web;

import static boutique.frontend.shop.Futures.await;

import boutique.frontend.shop.Storefront;
import boutique.frontend.web.Json.AdJson;
import boutique.frontend.web.Json.AddItemBody;
import boutique.frontend.web.Json.AddressBody;
import boutique.frontend.web.Json.CardBody;
import boutique.frontend.web.Json.CartJson;
import boutique.frontend.web.Json.CartWithProductsJson;
import boutique.frontend.web.Json.ItemBody;
import boutique.frontend.web.Json.MoneyJson;
import boutique.frontend.web.Json.OrderJson;
import boutique.frontend.web.Json.PlaceOrderBody;
import boutique.frontend.web.Json.ProductJson;
import boutique.frontend.web.Json.UserBody;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CreditCardInfo;
import hipstershop.PlaceOrderRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference's JSON API under {@code /api}, used by the load generator and any other client. User ids come
 * from the query ({@code sessionId}) or the body ({@code userId}), never from a cookie. A body arrives here
 * already bounded by {@link RequestBodyLimit}; its numbers are range-checked by {@link RequestRules}. Backend
 * errors become HTTP statuses in {@link ErrorHandling}.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json;charset=UTF-8")
class ApiController {

    private static final Logger log = LoggerFactory.getLogger(ApiController.class);

    private final Storefront shop;
    private final JsonMapper json;

    ApiController(Storefront shop, JsonMapper json) {
        this.shop = shop;
        this.json = json;
    }

    @GetMapping("/products")
    List<ProductJson> products(WebRequest request) {
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        List<ProductJson> products =
                await(shop.products(currency)).stream().map(ProductJson::of).toList();
        ShopSpan.set(ShopSpan.PRODUCTS_COUNT, products.size());
        return products;
    }

    @GetMapping("/products/{productId}")
    ProductJson product(@PathVariable String productId, WebRequest request) {
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.PRODUCT_ID, productId);
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        return ProductJson.of(await(shop.product(productId, currency)));
    }

    @GetMapping("/cart")
    CartWithProductsJson cart(WebRequest request) {
        String userId = orEmpty(first(request, "sessionId"));
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.SESSION_ID, userId);
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        Storefront.CartContents cart = await(shop.cart(userId, currency));
        ShopSpan.cart(cart);
        return CartWithProductsJson.of(cart);
    }

    @PostMapping("/cart")
    CartJson addToCart(@RequestBody(required = false) byte[] body) {
        AddItemBody add = read(body, AddItemBody.class);
        String userId = require(add.userId(), "userId");
        ItemBody item = add.item();
        if (item == null) {
            throw new BadInput("item is required");
        }
        String productId = require(item.productId(), "item.productId");
        int quantity = quantity(item.quantity(), "item.quantity");
        log.debug("add to cart userId={} productId={} quantity={}", userId, productId, quantity);
        ShopSpan.set(ShopSpan.USER_ID, userId);
        ShopSpan.set(ShopSpan.PRODUCT_ID, productId);
        ShopSpan.set(ShopSpan.PRODUCT_QUANTITY, quantity);
        hipstershop.Cart cart = await(shop.addToCart(userId, productId, quantity));
        ShopSpan.set(ShopSpan.CART_ITEMS_COUNT, cart.getItemsCount());
        return CartJson.of(cart);
    }

    @DeleteMapping("/cart")
    ResponseEntity<Void> emptyCart(@RequestBody(required = false) byte[] body) {
        String userId = require(read(body, UserBody.class).userId(), "userId");
        log.debug("empty cart userId={}", userId);
        ShopSpan.set(ShopSpan.USER_ID, userId);
        await(shop.emptyCart(userId));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/currency")
    List<String> currencies() {
        return await(shop.currencies());
    }

    @GetMapping("/shipping")
    MoneyJson shipping(WebRequest request) {
        String itemList = first(request, "itemList");
        if (itemList == null || itemList.isBlank()) {
            throw new BadInput("itemList is required: a JSON array of {\"productId\", \"quantity\"}");
        }
        ItemBody[] items;
        try {
            items = json.readValue(itemList, ItemBody[].class);
        } catch (JacksonException e) {
            throw new BadInput("itemList must be a JSON array of {\"productId\", \"quantity\"}: " + problem(e));
        }
        if (items == null || items.length > RequestRules.MAX_PRODUCT_IDS) {
            throw new BadInput("itemList must be a JSON array of at most " + RequestRules.MAX_PRODUCT_IDS + " items");
        }
        List<CartItem> cartItems = new ArrayList<>();
        for (ItemBody item : items) {
            if (item == null) {
                throw new BadInput("itemList must not contain null");
            }
            cartItems.add(CartItem.newBuilder()
                    .setProductId(require(item.productId(), "itemList[].productId"))
                    .setQuantity(quantity(item.quantity(), "itemList[].quantity"))
                    .build());
        }
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        ShopSpan.set(ShopSpan.CART_ITEMS_COUNT, cartItems.size());
        hipstershop.Money cost = await(shop.shippingQuote(cartItems, currency));
        ShopSpan.set(ShopSpan.CART_SHIPPING_COST, cost);
        return MoneyJson.of(cost);
    }

    @GetMapping("/recommendations")
    List<ProductJson> recommendations(WebRequest request) {
        List<String> excluded = productIds(request);
        String sessionId = orEmpty(first(request, "sessionId"));
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.SESSION_ID, sessionId);
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        List<ProductJson> suggested = await(shop.recommendations(sessionId, excluded, currency)).stream()
                .map(ProductJson::of)
                .toList();
        ShopSpan.set(ShopSpan.PRODUCTS_COUNT, suggested.size());
        return suggested;
    }

    @GetMapping("/data")
    List<AdJson> ads(WebRequest request) {
        return await(shop.ads(productIds(request))).stream().map(AdJson::of).toList();
    }

    @PostMapping("/checkout")
    OrderJson checkout(@RequestBody(required = false) byte[] body, WebRequest request) {
        PlaceOrderBody order = read(body, PlaceOrderBody.class);
        PlaceOrderRequest.Builder place = PlaceOrderRequest.newBuilder()
                .setUserId(require(order.userId(), "userId"))
                .setUserCurrency(orEmpty(order.userCurrency()))
                .setEmail(orEmpty(order.email()));
        AddressBody address = order.address();
        if (address != null) {
            place.setAddress(Address.newBuilder()
                    .setStreetAddress(orEmpty(address.streetAddress()))
                    .setCity(orEmpty(address.city()))
                    .setState(orEmpty(address.state()))
                    .setCountry(orEmpty(address.country()))
                    .setZipCode(RequestRules.zipCode(orZero(address.zipCode()), "address.zipCode")));
        }
        CardBody card = order.creditCard();
        if (card != null) {
            place.setCreditCard(CreditCardInfo.newBuilder()
                    .setCreditCardNumber(
                            RequestRules.cardNumber(orEmpty(card.creditCardNumber()), "creditCard.creditCardNumber"))
                    .setCreditCardCvv(RequestRules.cvv(orZero(card.creditCardCvv()), "creditCard.creditCardCvv"))
                    .setCreditCardExpirationYear(RequestRules.expirationYear(
                            orZero(card.creditCardExpirationYear()), "creditCard.creditCardExpirationYear"))
                    .setCreditCardExpirationMonth(expirationMonth(card.creditCardExpirationMonth())));
        }
        String currency = first(request, "currencyCode");
        ShopSpan.set(ShopSpan.USER_ID, order.userId());
        ShopSpan.set(ShopSpan.CURRENCY, currency);
        Storefront.PlacedOrder placed = await(shop.placeOrder(place.build(), currency));
        ShopSpan.orderTotal(placed.order());
        return OrderJson.of(placed);
    }

    /** A missing month goes on as 0, as the reference sends it (the payment service then refuses the card). */
    private static int expirationMonth(Integer month) {
        return month == null ? 0 : RequestRules.expirationMonth(month, "creditCard.creditCardExpirationMonth");
    }

    /** The first value of a parameter; a repeated single-valued parameter counts by its first value. */
    private static String first(WebRequest request, String name) {
        return request.getParameter(name);
    }

    /** {@code productIds} as one comma-joined value, repeated values, or both; blanks dropped. */
    static List<String> productIds(WebRequest request) {
        String[] values = request.getParameterValues("productIds");
        if (values == null) {
            return List.of();
        }
        List<String> ids = Arrays.stream(values)
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .toList();
        if (ids.size() > RequestRules.MAX_PRODUCT_IDS) {
            throw new BadInput(
                    "productIds must hold at most " + RequestRules.MAX_PRODUCT_IDS + " ids, got " + ids.size());
        }
        return ids;
    }

    private <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new BadInput("a JSON request body is required");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new BadInput("the request body must be a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            throw new BadInput("the request body is not valid: " + problem(e));
        }
    }

    /** What is wrong in a JSON input, naming the field when there is one, without the input itself. */
    static String problem(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof tools.jackson.core.exc.StreamReadException && path.isEmpty()) {
            return "malformed JSON";
        }
        return path.isEmpty() ? "wrong JSON shape" : path + " has the wrong type or value";
    }

    private static String require(String value, String name) {
        if (value == null) {
            throw new BadInput(name + " is required");
        }
        return value;
    }

    private static int quantity(Integer quantity, String name) {
        if (quantity == null) {
            throw new BadInput(name + " is required");
        }
        return RequestRules.quantity(quantity, name);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
