package boutique.frontend.backend;

import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CartServiceGrpc.CartServiceStub;
import hipstershop.Empty;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Calls {@code hipstershop.CartService} at {@code CART_SERVICE_ADDR}. Its calls keep the channels' default
 * deadline (3 s): each is one store operation.
 */
@Component
public class CartClient {

    private final CartServiceStub stub;

    CartClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = CartServiceGrpc.newStub(channels.open("CART_SERVICE_ADDR", addresses.cart()));
    }

    public CompletableFuture<Empty> addItem(String userId, String productId, int quantity) {
        AddItemRequest request = AddItemRequest.newBuilder()
                .setUserId(userId)
                .setItem(CartItem.newBuilder().setProductId(productId).setQuantity(quantity))
                .build();
        return Reply.of(o -> stub.addItem(request, o));
    }

    public CompletableFuture<Cart> getCart(String userId) {
        return Reply.of(
                o -> stub.getCart(GetCartRequest.newBuilder().setUserId(userId).build(), o));
    }

    public CompletableFuture<Empty> emptyCart(String userId) {
        return Reply.of(o ->
                stub.emptyCart(EmptyCartRequest.newBuilder().setUserId(userId).build(), o));
    }
}
