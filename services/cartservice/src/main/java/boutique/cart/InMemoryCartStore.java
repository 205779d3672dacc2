package boutique.cart;

import hipstershop.Cart;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carts in this process's memory, for running without Redis: they never expire and are all lost when the
 * process stops.
 */
final class InMemoryCartStore implements CartStore {

    private final Map<String, Cart> carts = new ConcurrentHashMap<>();

    @Override
    public void addItem(String userId, String productId, int quantity) {
        carts.compute(
                userId,
                (id, cart) -> Carts.added(cart == null ? Cart.getDefaultInstance() : cart, id, productId, quantity));
    }

    @Override
    public Cart getCart(String userId) {
        return carts.getOrDefault(userId, Cart.getDefaultInstance());
    }

    @Override
    public void emptyCart(String userId) {
        carts.remove(userId);
    }
}
