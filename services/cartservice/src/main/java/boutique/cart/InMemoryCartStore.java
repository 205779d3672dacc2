package boutique.cart;

import hipstershop.Cart;
import hipstershop.CartItem;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Carts in this process's memory: for running without Redis, losing every cart on restart. */
final class InMemoryCartStore implements CartStore {

    private final Map<String, Cart> carts = new ConcurrentHashMap<>();

    @Override
    public void addItem(String userId, String productId, int quantity) {
        carts.compute(
                userId, (id, cart) -> added(cart == null ? Cart.getDefaultInstance() : cart, id, productId, quantity));
    }

    private static Cart added(Cart cart, String userId, String productId, int quantity) {
        Cart.Builder builder = cart.toBuilder().setUserId(userId);
        for (CartItem.Builder item : builder.getItemsBuilderList()) {
            if (item.getProductId().equals(productId)) {
                item.setQuantity(sum(item.getQuantity(), quantity));
                return builder.build();
            }
        }
        return builder.addItems(CartItem.newBuilder().setProductId(productId).setQuantity(quantity))
                .build();
    }

    private static int sum(int current, int added) {
        long total = (long) current + added;
        if (total > Integer.MAX_VALUE) {
            throw CartStore.quantityTooLarge();
        }
        return (int) total;
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
