package boutique.frontend;

import boutique.frontend.Json.AdJson;
import boutique.frontend.Json.AddItemBody;
import boutique.frontend.Json.CardBody;
import boutique.frontend.Json.CartJson;
import boutique.frontend.Json.CartWithProductsJson;
import boutique.frontend.Json.ItemBody;
import boutique.frontend.Json.MoneyJson;
import boutique.frontend.Json.OrderJson;
import boutique.frontend.Json.PlaceOrderBody;
import boutique.frontend.Json.ProductJson;
import boutique.frontend.Json.UserBody;
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
 * The reference's JSON API under {@code /api} (frontend.md 3), used by the load generator and any other client.
 * User ids come from the query ({@code sessionId}) or the body ({@code userId}), never from a cookie. Backend
 * errors become HTTP statuses in {@link ErrorHandling}.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json;charset=UTF-8")
class ApiController {

    /** More ids than any cart and page can hold; a longer list is refused rather than sent on. */
    static final int MAX_PRODUCT_IDS = 100;

    static final int MAX_QUANTITY = 10;

    private static final Logger log = LoggerFactory.getLogger(ApiController.class);

    private final Storefront shop;
    private final JsonMapper json;

    ApiController(Storefront shop, JsonMapper json) {
        this.shop = shop;
        this.json = json;
    }

    @GetMapping("/products")
    List<ProductJson> products(WebRequest request) {
        return Reply.await(shop.products(first(request, "currencyCode"))).stream()
                .map(ProductJson::of)
                .toList();
    }

    @GetMapping("/products/{productId}")
    ProductJson product(@PathVariable String productId, WebRequest request) {
        return ProductJson.of(Reply.await(shop.product(productId, first(request, "currencyCode"))));
    }

    @GetMapping("/cart")
    CartWithProductsJson cart(WebRequest request) {
        String userId = orEmpty(first(request, "sessionId"));
        return CartWithProductsJson.of(Reply.await(shop.cart(userId, first(request, "currencyCode"))));
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
        log.info("add to cart userId={} productId={} quantity={}", userId, productId, quantity);
        return CartJson.of(Reply.await(shop.addToCart(userId, productId, quantity)));
    }

    @DeleteMapping("/cart")
    ResponseEntity<Void> emptyCart(@RequestBody(required = false) byte[] body) {
        String userId = require(read(body, UserBody.class).userId(), "userId");
        log.info("empty cart userId={}", userId);
        Reply.await(shop.emptyCart(userId));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/currency")
    List<String> currencies() {
        return Reply.await(shop.currencies());
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
        if (items == null || items.length > MAX_PRODUCT_IDS) {
            throw new BadInput("itemList must be a JSON array of at most " + MAX_PRODUCT_IDS + " items");
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
        return MoneyJson.of(Reply.await(shop.shippingQuote(cartItems, first(request, "currencyCode"))));
    }

    @GetMapping("/recommendations")
    List<ProductJson> recommendations(WebRequest request) {
        List<String> excluded = productIds(request);
        return Reply.await(shop.recommendations(
                        orEmpty(first(request, "sessionId")), excluded, first(request, "currencyCode")))
                .stream()
                .map(ProductJson::of)
                .toList();
    }

    @GetMapping("/data")
    List<AdJson> ads(WebRequest request) {
        return Reply.await(shop.ads(productIds(request))).stream()
                .map(AdJson::of)
                .toList();
    }

    @PostMapping("/checkout")
    OrderJson checkout(@RequestBody(required = false) byte[] body, WebRequest request) {
        PlaceOrderBody order = read(body, PlaceOrderBody.class);
        PlaceOrderRequest.Builder place = PlaceOrderRequest.newBuilder()
                .setUserId(require(order.userId(), "userId"))
                .setUserCurrency(orEmpty(order.userCurrency()))
                .setEmail(orEmpty(order.email()));
        if (order.address() != null) {
            place.setAddress(Address.newBuilder()
                    .setStreetAddress(orEmpty(order.address().streetAddress()))
                    .setCity(orEmpty(order.address().city()))
                    .setState(orEmpty(order.address().state()))
                    .setCountry(orEmpty(order.address().country()))
                    .setZipCode(orZero(order.address().zipCode())));
        }
        CardBody card = order.creditCard();
        if (card != null) {
            place.setCreditCard(CreditCardInfo.newBuilder()
                    .setCreditCardNumber(orEmpty(card.creditCardNumber()))
                    .setCreditCardCvv(orZero(card.creditCardCvv()))
                    .setCreditCardExpirationYear(orZero(card.creditCardExpirationYear()))
                    .setCreditCardExpirationMonth(orZero(card.creditCardExpirationMonth())));
        }
        return OrderJson.of(Reply.await(shop.placeOrder(place.build(), first(request, "currencyCode"))));
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
        if (ids.size() > MAX_PRODUCT_IDS) {
            throw new BadInput("productIds must hold at most " + MAX_PRODUCT_IDS + " ids, got " + ids.size());
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
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new BadInput(name + " must be between 1 and " + MAX_QUANTITY);
        }
        return quantity;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
