package boutique.checkout;

import hipstershop.Cart;
import hipstershop.CartServiceGrpc;
import hipstershop.CartServiceGrpc.CartServiceBlockingStub;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import io.grpc.Channel;

/** The cart service, as checkout uses it. */
final class CartClient {

    private final CartServiceBlockingStub stub;

    CartClient(Channel channel) {
        this.stub = CartServiceGrpc.newBlockingStub(channel);
    }

    Cart getCart(String userId) {
        return stub.getCart(GetCartRequest.newBuilder().setUserId(userId).build());
    }

    void emptyCart(String userId) {
        stub.emptyCart(EmptyCartRequest.newBuilder().setUserId(userId).build());
    }
}
