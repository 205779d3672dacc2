package boutique.cart;

import boutique.kit.ShopException;
import hipstershop.Cart;

/**
 * Where carts live. An unknown or emptied cart reads as the empty {@link Cart}; a cart with items carries its
 * user id. A store that cannot reach its storage throws {@code ShopException} UNAVAILABLE.
 */
interface CartStore {

    /** The message of every storage failure, as the reference words it. */
    String STORAGE_FAILURE = "Can't access cart storage.";

    /**
     * Adds {@code quantity} (at least 1) of a product to the user's cart, as one atomic step; throws
     * {@link #quantityTooLarge()} instead of letting a line pass the int32 range of {@code CartItem.quantity}.
     */
    void addItem(String userId, String productId, int quantity);

    Cart getCart(String userId);

    void emptyCart(String userId);

    static ShopException quantityTooLarge() {
        return ShopException.invalidArgument("quantity in cart must stay at most " + Integer.MAX_VALUE);
    }
}
