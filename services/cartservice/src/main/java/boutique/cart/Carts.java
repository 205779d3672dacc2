package boutique.cart;

import boutique.kit.ShopException;
import hipstershop.Cart;
import hipstershop.CartItem;

/** How an item is added to a cart, and how much one cart may hold, whichever store keeps it. */
final class Carts {

    /**
     * Different products one cart may hold (the catalog has nine), so that no client can grow one stored
     * value without bound.
     */
    static final int MAX_PRODUCTS = 100;

    private Carts() {}

    /**
     * The cart with {@code quantity} more of a product: added to the product's line, or a new last line. The
     * cart is stamped with its user's id. Refused with INVALID_ARGUMENT when a line would pass the int32 range
     * of {@code CartItem.quantity} or the cart would hold more than {@link #MAX_PRODUCTS} products.
     */
    static Cart added(Cart cart, String userId, String productId, int quantity) {
        Cart.Builder builder = cart.toBuilder().setUserId(userId);
        for (CartItem.Builder item : builder.getItemsBuilderList()) {
            if (item.getProductId().equals(productId)) {
                long total = (long) item.getQuantity() + quantity;
                if (total > Integer.MAX_VALUE) {
                    throw ShopException.invalidArgument("quantity in cart must stay at most " + Integer.MAX_VALUE);
                }
                item.setQuantity((int) total);
                return builder.build();
            }
        }
        if (builder.getItemsCount() >= MAX_PRODUCTS) {
            throw ShopException.invalidArgument("a cart holds at most " + MAX_PRODUCTS + " different products");
        }
        return builder.addItems(CartItem.newBuilder().setProductId(productId).setQuantity(quantity))
                .build();
    }
}
