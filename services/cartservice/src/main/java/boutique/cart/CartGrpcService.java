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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.CartService} rpcs over the {@link CartStore}. Each names on its server span the user
 * ({@code app.user.id}) and what it did: the product and quantity added, the number of units in the cart read
 * ({@code app.cart.items.count}), the events {@code Fetch cart} and {@code Empty cart}; a failed EmptyCart is an
 * error span with its exception.
 */
@Service
class CartGrpcService extends CartServiceGrpc.CartServiceImplBase {

    static final String FAILURE_FLAG = "cartServiceFailure";
    /** The longest user id, since it is stored as the cart's key; the shop's own ids are 36-character UUIDs. */
    static final int MAX_USER_ID_LENGTH = 256;
    /** The longest product id a cart stores; the catalog's ids have 10 characters. */
    static final int MAX_PRODUCT_ID_LENGTH = 64;

    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("app.user.id");
    static final AttributeKey<String> PRODUCT_ID = AttributeKey.stringKey("app.product.id");
    static final AttributeKey<Long> PRODUCT_QUANTITY = AttributeKey.longKey("app.product.quantity");
    static final AttributeKey<Long> CART_ITEMS_COUNT = AttributeKey.longKey("app.cart.items.count");

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
        Span span = Span.current();
        span.setAttribute(USER_ID, userId);
        span.setAttribute(PRODUCT_ID, item.getProductId());
        span.setAttribute(PRODUCT_QUANTITY, item.getQuantity());
        store.addItem(userId, item.getProductId(), item.getQuantity());
        log.debug("AddItem user={} product={} quantity={}", userId, item.getProductId(), item.getQuantity());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }

    @Override
    public void getCart(GetCartRequest request, StreamObserver<Cart> responseObserver) {
        checkUserIdLength(request.getUserId());
        Span span = Span.current();
        span.setAttribute(USER_ID, request.getUserId());
        span.addEvent("Fetch cart");
        Cart cart = store.getCart(request.getUserId());
        span.setAttribute(CART_ITEMS_COUNT, units(cart));
        log.debug("GetCart user={} items={}", request.getUserId(), cart.getItemsCount());
        responseObserver.onNext(cart);
        responseObserver.onCompleted();
    }

    @Override
    public void emptyCart(EmptyCartRequest request, StreamObserver<Empty> responseObserver) {
        checkUserIdLength(request.getUserId());
        Span span = Span.current();
        span.setAttribute(USER_ID, request.getUserId());
        span.addEvent("Empty cart");
        try {
            if (flags.isOn(FAILURE_FLAG)) {
                throw new ShopException(Status.Code.FAILED_PRECONDITION, CartStore.STORAGE_FAILURE);
            }
            store.emptyCart(request.getUserId());
        } catch (ShopException e) {
            // The semantic conventions count FAILED_PRECONDITION as the client's error, so the server span would
            // not be an error by itself; a cart that cannot be emptied is what the scenario shows.
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        }
        log.debug("EmptyCart user={}", request.getUserId());
        responseObserver.onNext(Empty.getDefaultInstance());
        responseObserver.onCompleted();
    }

    /** The units in a cart, all lines together (a long: 100 lines of up to 2^31 - 1 each). */
    private static long units(Cart cart) {
        long units = 0;
        for (CartItem item : cart.getItemsList()) {
            units += item.getQuantity();
        }
        return units;
    }

    /** Any id within the limit works, {@code ""} included (the anonymous cart); no longer one can be stored. */
    private static void checkUserIdLength(String userId) {
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw ShopException.invalidArgument("user_id must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
    }
}
