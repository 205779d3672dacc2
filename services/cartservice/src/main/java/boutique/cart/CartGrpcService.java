package boutique.cart;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartServiceGrpc;
import hipstershop.Empty;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.CartService} rpcs over the {@link CartStore}. */
@Service
class CartGrpcService extends CartServiceGrpc.CartServiceImplBase {

    static final String FAILURE_FLAG = "cartServiceFailure";

    private static final Logger log = LoggerFactory.getLogger(CartGrpcService.class);

    private final CartStore store;
    private final FeatureFlags flags;

    CartGrpcService(CartStore store, FeatureFlags flags) {
        this.store = store;
        this.flags = flags;
    }

    @Override
    public void addItem(AddItemRequest request, StreamObserver<Empty> responseObserver) {
        String userId = request.getUserId();
        if (userId.isEmpty()) {
            throw ShopException.invalidArgument("user_id must not be empty");
        }
        if (request.getItem().getProductId().isEmpty()) {
            throw ShopException.invalidArgument("product_id must not be empty");
        }
        if (request.getItem().getQuantity() < 1) {
            throw ShopException.invalidArgument("quantity must be at least 1");
        }
        store.addItem(
                userId, request.getItem().getProductId(), request.getItem().getQuantity());
        log.info(
                "AddItem user={} product={} quantity={}",
                userId,
                request.getItem().getProductId(),
                request.getItem().getQuantity());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }

    @Override
    public void getCart(GetCartRequest request, StreamObserver<Cart> responseObserver) {
        Cart cart = store.getCart(request.getUserId());
        log.info("GetCart user={} items={}", request.getUserId(), cart.getItemsCount());
        responseObserver.onNext(cart);
        responseObserver.onCompleted();
    }

    @Override
    public void emptyCart(EmptyCartRequest request, StreamObserver<Empty> responseObserver) {
        if (flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.FAILED_PRECONDITION, CartStore.STORAGE_FAILURE);
        }
        store.emptyCart(request.getUserId());
        log.info("EmptyCart user={}", request.getUserId());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }
}
