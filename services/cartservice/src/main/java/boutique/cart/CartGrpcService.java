package boutique.cart;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartItem;
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
    /** The longest user id, since it is stored as the cart's key; the shop's own ids are 36-character UUIDs. */
    static final int MAX_USER_ID_LENGTH = 256;
    /** The longest product id a cart stores; the catalog's ids have 10 characters. */
    static final int MAX_PRODUCT_ID_LENGTH = 64;

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
        CartItem item = request.getItem();
        if (userId.isEmpty()) {
            throw ShopException.invalidArgument("user_id must not be empty");
        }
        checkUserIdLength(userId);
        if (item.getProductId().isEmpty()) {
            throw ShopException.invalidArgument("product_id must not be empty");
        }
        if (item.getProductId().length() > MAX_PRODUCT_ID_LENGTH) {
            throw ShopException.invalidArgument("product_id must be at most " + MAX_PRODUCT_ID_LENGTH + " characters");
        }
        if (item.getQuantity() < 1) {
            throw ShopException.invalidArgument("quantity must be at least 1");
        }
        store.addItem(userId, item.getProductId(), item.getQuantity());
        log.debug("AddItem user={} product={} quantity={}", userId, item.getProductId(), item.getQuantity());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }

    @Override
    public void getCart(GetCartRequest request, StreamObserver<Cart> responseObserver) {
        checkUserIdLength(request.getUserId());
        Cart cart = store.getCart(request.getUserId());
        log.debug("GetCart user={} items={}", request.getUserId(), cart.getItemsCount());
        responseObserver.onNext(cart);
        responseObserver.onCompleted();
    }

    @Override
    public void emptyCart(EmptyCartRequest request, StreamObserver<Empty> responseObserver) {
        checkUserIdLength(request.getUserId());
        if (flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.FAILED_PRECONDITION, CartStore.STORAGE_FAILURE);
        }
        store.emptyCart(request.getUserId());
        log.debug("EmptyCart user={}", request.getUserId());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }

    /** Any id within the limit works, {@code ""} included (the anonymous cart); no longer one can be stored. */
    private static void checkUserIdLength(String userId) {
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw ShopException.invalidArgument("user_id must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
    }
}
