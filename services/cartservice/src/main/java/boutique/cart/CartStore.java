package boutique.cart;

import hipstershop.Cart;

/**
 * Where carts live. An unknown or emptied cart reads as the empty {@link Cart}; a cart with items carries its
 * user id. A store that cannot reach its storage throws {@code ShopException} UNAVAILABLE.
 */
interface CartStore {

    /** The message of every storage failure, as the reference words it. */
    String STORAGE_FAILURE = "Can't access cart storage.";

    /**
     * Adds {@code quantity} (at least 1) of a product to the user's cart as one atomic step, by the rules of
     * {@link Carts#added}: nothing is stored when they refuse.
     */
    void addItem(String userId, String productId, int quantity);

    Cart getCart(String userId);

    void emptyCart(String userId);
}
