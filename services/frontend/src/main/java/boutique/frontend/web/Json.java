package boutique.frontend.web;

import boutique.frontend.shop.Storefront;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import hipstershop.Ad;
import hipstershop.Address;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.Product;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The JSON shapes of the reference's {@code /api} routes: proto field names in lowerCamelCase,
 * in the reference's order, zero values always written, {@code units} a JSON number, an unset nested message
 * left out. The request bodies come last; every field may be missing, and the routes say which they need.
 */
final class Json {

    private Json() {}

    record MoneyJson(String currencyCode, long units, int nanos) {

        static MoneyJson of(Money money) {
            return new MoneyJson(money.getCurrencyCode(), money.getUnits(), money.getNanos());
        }
    }

    record ProductJson(
            String id,
            String name,
            String description,
            String picture,
            @JsonInclude(Include.NON_NULL) MoneyJson priceUsd,
            List<String> categories) {

        static ProductJson of(Product p) {
            return new ProductJson(
                    p.getId(),
                    p.getName(),
                    p.getDescription(),
                    p.getPicture(),
                    p.hasPriceUsd() ? MoneyJson.of(p.getPriceUsd()) : null,
                    p.getCategoriesList());
        }
    }

    record CartItemJson(String productId, int quantity) {

        static CartItemJson of(CartItem item) {
            return new CartItemJson(item.getProductId(), item.getQuantity());
        }
    }

    /** The raw cart, as POST /api/cart answers it. */
    record CartJson(String userId, List<CartItemJson> items) {

        static CartJson of(Cart cart) {
            return new CartJson(
                    cart.getUserId(),
                    cart.getItemsList().stream().map(CartItemJson::of).toList());
        }
    }

    record ProductCartItemJson(String productId, int quantity, ProductJson product) {}

    /** The cart with its products, as GET /api/cart answers it. */
    record CartWithProductsJson(String userId, List<ProductCartItemJson> items) {

        static CartWithProductsJson of(Storefront.CartContents cart) {
            return new CartWithProductsJson(
                    cart.userId(),
                    cart.lines().stream()
                            .map(l -> new ProductCartItemJson(l.productId(), l.quantity(), ProductJson.of(l.product())))
                            .toList());
        }
    }

    record AddressJson(String streetAddress, String city, String state, String country, int zipCode) {

        static AddressJson of(Address a) {
            return new AddressJson(a.getStreetAddress(), a.getCity(), a.getState(), a.getCountry(), a.getZipCode());
        }
    }

    record AdJson(String redirectUrl, String text) {

        static AdJson of(Ad ad) {
            return new AdJson(ad.getRedirectUrl(), ad.getText());
        }
    }

    record OrderItemJson(@JsonInclude(Include.NON_NULL) MoneyJson cost, ProductCartItemJson item) {}

    /** The answer of POST /api/checkout: the order, each item with its product. */
    record OrderJson(
            String orderId,
            String shippingTrackingId,
            @JsonInclude(Include.NON_NULL) MoneyJson shippingCost,
            @JsonInclude(Include.NON_NULL) AddressJson shippingAddress,
            List<OrderItemJson> items) {

        static OrderJson of(Storefront.PlacedOrder placed) {
            OrderResult order = placed.order();
            List<OrderItemJson> items = IntStream.range(0, order.getItemsCount())
                    .mapToObj(i -> {
                        OrderItem item = order.getItems(i);
                        return new OrderItemJson(
                                item.hasCost() ? MoneyJson.of(item.getCost()) : null,
                                new ProductCartItemJson(
                                        item.getItem().getProductId(),
                                        item.getItem().getQuantity(),
                                        ProductJson.of(placed.products().get(i))));
                    })
                    .toList();
            return new OrderJson(
                    order.getOrderId(),
                    order.getShippingTrackingId(),
                    order.hasShippingCost() ? MoneyJson.of(order.getShippingCost()) : null,
                    order.hasShippingAddress() ? AddressJson.of(order.getShippingAddress()) : null,
                    items);
        }
    }

    /** An order without its products: what the confirmation page receives in its {@code order} parameter. */
    record OrderResultJson(
            String orderId,
            String shippingTrackingId,
            MoneyJson shippingCost,
            AddressJson shippingAddress,
            List<OrderResultItemJson> items) {

        static OrderResultJson of(OrderResult order) {
            return new OrderResultJson(
                    order.getOrderId(),
                    order.getShippingTrackingId(),
                    MoneyJson.of(order.getShippingCost()),
                    AddressJson.of(order.getShippingAddress()),
                    order.getItemsList().stream()
                            .map(i -> new OrderResultItemJson(MoneyJson.of(i.getCost()), CartItemJson.of(i.getItem())))
                            .toList());
        }
    }

    record OrderResultItemJson(MoneyJson cost, CartItemJson item) {}

    record ErrorJson(String error) {}

    // Request bodies. Numbers may arrive as numeric strings ("94043"); Jackson accepts both.

    record AddItemBody(String userId, ItemBody item) {}

    record ItemBody(String productId, Integer quantity) {}

    record UserBody(String userId) {}

    record PlaceOrderBody(String userId, String userCurrency, String email, AddressBody address, CardBody creditCard) {}

    record AddressBody(String streetAddress, String city, String state, String country, Integer zipCode) {}

    record CardBody(
            String creditCardNumber,
            Integer creditCardCvv,
            Integer creditCardExpirationYear,
            Integer creditCardExpirationMonth) {}
}
