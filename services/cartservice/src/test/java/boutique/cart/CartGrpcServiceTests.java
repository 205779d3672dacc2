package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.Readiness;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.Ports;
import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CartServiceGrpc.CartServiceBlockingStub;
import hipstershop.Empty;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CartGrpcServiceTests {

    private final InMemoryCartStore store = new InMemoryCartStore();
    private FakeFlagService flagService;
    private InProcessGrpc grpc;
    private CartServiceBlockingStub cart;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set(CartGrpcService.FAILURE_FLAG, 0);
        grpc = InProcessGrpc.serve(new CartGrpcService(store, flagService.client()));
        cart = CartServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
    }

    private static CartItem item(String productId, int quantity) {
        return CartItem.newBuilder()
                .setProductId(productId)
                .setQuantity(quantity)
                .build();
    }

    private void add(String user, String productId, int quantity) {
        assertThat(cart.addItem(AddItemRequest.newBuilder()
                        .setUserId(user)
                        .setItem(item(productId, quantity))
                        .build()))
                .isEqualTo(Empty.getDefaultInstance());
    }

    private Cart get(String user) {
        return cart.getCart(GetCartRequest.newBuilder().setUserId(user).build());
    }

    private void empty(String user) {
        assertThat(cart.emptyCart(EmptyCartRequest.newBuilder().setUserId(user).build()))
                .isEqualTo(Empty.getDefaultInstance());
    }

    @Test
    void acceptanceSequence_addGetEmptyAdd_withOurUserIdAfterEmpty() {
        String user = "acc-user-7";
        assertThat(get(user)).isEqualTo(Cart.getDefaultInstance());
        add(user, "66VCHSJNUP", 2);
        assertThat(get(user))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("66VCHSJNUP", 2))
                        .build());
        add(user, "66VCHSJNUP", 3);
        add(user, "9SIQT8TOJO", 1);
        assertThat(get(user))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("66VCHSJNUP", 5))
                        .addItems(item("9SIQT8TOJO", 1))
                        .build());
        empty(user);
        assertThat(get(user)).isEqualTo(Cart.getDefaultInstance());
        add(user, "L9ECAV7KIM", 1);
        // The reference would answer user_id "" here; a cart with items names its user.
        assertThat(get(user))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("L9ECAV7KIM", 1))
                        .build());
    }

    @Test
    void userCalledCart_worksLikeAnyOther() {
        add("cart", "OLJCESPC7Z", 1);
        assertThat(get("cart").getUserId()).isEqualTo("cart");
    }

    @Test
    void getCartAndEmptyCart_anonymousEmptyId_areAccepted() {
        assertThat(get("")).isEqualTo(Cart.getDefaultInstance());
        empty("");
    }

    @Test
    void addItem_emptyUserId_isInvalidArgument() {
        assertInvalid(() -> add("", "66VCHSJNUP", 1), "user_id must not be empty");
    }

    @Test
    void addItem_emptyProductId_isInvalidArgument() {
        assertInvalid(() -> add("u-1", "", 1), "product_id must not be empty");
    }

    @Test
    void addItem_missingItem_isInvalidArgument() {
        assertInvalid(
                () -> cart.addItem(AddItemRequest.newBuilder().setUserId("u-1").build()),
                "product_id must not be empty");
    }

    @ParameterizedTest(name = "quantity {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void addItem_quantityBelowOne_isInvalidArgumentAndStoresNothing(int quantity) {
        assertInvalid(() -> add("u-1", "66VCHSJNUP", quantity), "quantity must be at least 1");
        assertThat(get("u-1")).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void addItem_lineWouldPassInt32_isInvalidArgumentAndKeepsTheLine() {
        add("u-1", "66VCHSJNUP", Integer.MAX_VALUE);
        assertInvalid(() -> add("u-1", "66VCHSJNUP", 1), "quantity in cart must stay at most 2147483647");
        assertThat(get("u-1").getItemsList()).containsExactly(item("66VCHSJNUP", Integer.MAX_VALUE));
    }

    @Test
    void emptyCart_withFailureFlagOn_isFailedPreconditionAndKeepsTheCart() {
        add("u-1", "66VCHSJNUP", 1);
        flagService.set(CartGrpcService.FAILURE_FLAG, 1);
        assertStatus(() -> empty("u-1"), Status.Code.FAILED_PRECONDITION, "Can't access cart storage.");
        assertThat(get("u-1").getItemsCount()).isEqualTo(1);
        add("u-1", "66VCHSJNUP", 1);

        flagService.set(CartGrpcService.FAILURE_FLAG, 0);
        empty("u-1");
        assertThat(get("u-1")).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void everyRpc_userIdOfTheLongestLength_works() {
        String user = "u".repeat(CartGrpcService.MAX_USER_ID_LENGTH);
        add(user, "66VCHSJNUP", 1);
        assertThat(get(user).getUserId()).isEqualTo(user);
        empty(user);
        assertThat(get(user)).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void addItem_userIdTooLong_isInvalidArgumentAndStoresNothing() {
        String user = "u".repeat(CartGrpcService.MAX_USER_ID_LENGTH + 1);
        assertInvalid(() -> add(user, "66VCHSJNUP", 1), "user_id must be at most 256 characters");
        assertThat(store.getCart(user)).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void getCart_userIdTooLong_isInvalidArgument() {
        assertInvalid(() -> get("u".repeat(257)), "user_id must be at most 256 characters");
    }

    @Test
    void emptyCart_userIdTooLong_isInvalidArgument() {
        assertInvalid(() -> empty("u".repeat(257)), "user_id must be at most 256 characters");
    }

    @Test
    void addItem_productIdTooLong_isInvalidArgumentAndStoresNothing() {
        String product = "P".repeat(CartGrpcService.MAX_PRODUCT_ID_LENGTH + 1);
        assertInvalid(() -> add("u-1", product, 1), "product_id must be at most 64 characters");
        assertThat(get("u-1")).isEqualTo(Cart.getDefaultInstance());

        add("u-1", "P".repeat(CartGrpcService.MAX_PRODUCT_ID_LENGTH), 1);
        assertThat(get("u-1").getItemsCount()).isEqualTo(1);
    }

    @Test
    void addItem_oneProductMoreThanACartHolds_isInvalidArgument() {
        for (int i = 0; i < Carts.MAX_PRODUCTS; i++) {
            add("u-1", "PRODUCT-" + i, 1);
        }
        assertInvalid(() -> add("u-1", "ONE-TOO-MANY", 1), "a cart holds at most 100 different products");
        assertThat(get("u-1").getItemsCount()).isEqualTo(Carts.MAX_PRODUCTS);
    }

    @Test
    void everyRpc_withRedisNotAnswering_isUnavailableWithinOneSecond_andOnceCheckedTheServiceIsNotReady()
            throws InterruptedException {
        String closed = "127.0.0.1:" + Ports.closedPort();
        Readiness readiness = new Readiness();
        try (RedisCartStore down = new RedisCartStore(CartProperties.of(closed), readiness, OpenTelemetry.noop());
                InProcessGrpc onDown = InProcessGrpc.serve(new CartGrpcService(down, flagService.client()))) {
            CartServiceBlockingStub stub = CartServiceGrpc.newBlockingStub(onDown.channel());
            ThrowingCallable[] calls = {
                () -> stub.getCart(GetCartRequest.newBuilder().setUserId("u-1").build()),
                () -> stub.addItem(AddItemRequest.newBuilder()
                        .setUserId("u-1")
                        .setItem(item("X", 1))
                        .build()),
                () -> stub.emptyCart(
                        EmptyCartRequest.newBuilder().setUserId("u-1").build())
            };
            for (ThrowingCallable call : calls) {
                assertUnavailableWithinOneSecond(call);
            }
            down.check();
            assertThat(readiness.isReady()).isFalse();
            assertThat(readiness.notReadyBecause()).startsWith("Redis at " + closed + " does not answer");
            for (ThrowingCallable call : calls) {
                assertUnavailableWithinOneSecond(call);
            }
        }
    }

    private static void assertUnavailableWithinOneSecond(ThrowingCallable call) {
        long start = System.nanoTime();
        assertStatus(call, Status.Code.UNAVAILABLE, "Can't access cart storage.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertStatus(call, Status.Code.INVALID_ARGUMENT, message);
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }
}
