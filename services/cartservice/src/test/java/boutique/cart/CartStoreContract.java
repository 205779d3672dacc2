package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.ShopException;
import hipstershop.Cart;
import hipstershop.CartItem;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What every {@link CartStore} does; a subclass runs it against one store. */
abstract class CartStoreContract {

    /** The store under test, fresh or shared; users are unique per test, so runs never collide. */
    abstract CartStore store();

    /** A user id nobody has used before, ending in {@code suffix}; subclasses may remember it to clean up. */
    String newUser(String suffix) {
        return "contract-" + UUID.randomUUID() + suffix;
    }

    String newUser() {
        return newUser("");
    }

    static CartItem item(String productId, int quantity) {
        return CartItem.newBuilder()
                .setProductId(productId)
                .setQuantity(quantity)
                .build();
    }

    @Test
    void getCart_unknownUser_isTheEmptyCart() {
        assertThat(store().getCart(newUser())).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void addItem_newUser_createsCartNamingTheUser() {
        String user = newUser();
        store().addItem(user, "66VCHSJNUP", 2);
        assertThat(store().getCart(user))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("66VCHSJNUP", 2))
                        .build());
    }

    @Test
    void addItem_sameProductAgain_addsToItsLineAndKeepsLineOrder() {
        String user = newUser();
        store().addItem(user, "66VCHSJNUP", 2);
        store().addItem(user, "66VCHSJNUP", 3);
        store().addItem(user, "9SIQT8TOJO", 1);
        store().addItem(user, "66VCHSJNUP", 1);
        assertThat(store().getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", 6), item("9SIQT8TOJO", 1));
    }

    @Test
    void emptyCart_thenGetCart_isTheEmptyCart() {
        String user = newUser();
        store().addItem(user, "66VCHSJNUP", 2);
        store().emptyCart(user);
        assertThat(store().getCart(user)).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void addItem_afterEmptyCart_cartNamesItsUserAgain() {
        String user = newUser();
        store().addItem(user, "66VCHSJNUP", 2);
        store().emptyCart(user);
        store().addItem(user, "L9ECAV7KIM", 1);
        assertThat(store().getCart(user))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("L9ECAV7KIM", 1))
                        .build());
    }

    @Test
    void emptyCart_unknownUser_succeeds() {
        String user = newUser();
        store().emptyCart(user);
        assertThat(store().getCart(user)).isEqualTo(Cart.getDefaultInstance());
    }

    @Test
    void carts_ofDifferentUsers_areSeparate() {
        String alice = newUser();
        String bob = newUser();
        store().addItem(alice, "66VCHSJNUP", 1);
        store().addItem(bob, "9SIQT8TOJO", 4);
        store().emptyCart(alice);
        assertThat(store().getCart(bob).getItemsList()).containsExactly(item("9SIQT8TOJO", 4));
    }

    @Test
    void anyStringId_works_includingCartAndUnicode() {
        for (String user : List.of(newUser("/cart"), newUser(" ünïcødé 🛒"), newUser("\n"))) {
            store().addItem(user, "OLJCESPC7Z", 1);
            assertThat(store().getCart(user).getUserId()).isEqualTo(user);
        }
    }

    @Test
    void addItem_pastInt32_isInvalidArgumentAndKeepsTheCart() {
        String user = newUser();
        store().addItem(user, "66VCHSJNUP", Integer.MAX_VALUE - 1);
        store().addItem(user, "66VCHSJNUP", 1);
        assertInvalidArgument(
                () -> store().addItem(user, "66VCHSJNUP", 1), "quantity in cart must stay at most 2147483647");
        assertThat(store().getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", Integer.MAX_VALUE));
    }

    @Test
    void addItem_moreDifferentProductsThanACartHolds_isInvalidArgumentAndKeepsTheCart() {
        String user = newUser();
        for (int i = 0; i < Carts.MAX_PRODUCTS; i++) {
            store().addItem(user, "PRODUCT-" + i, 1);
        }
        assertInvalidArgument(
                () -> store().addItem(user, "ONE-TOO-MANY", 1), "a cart holds at most 100 different products");
        store().addItem(user, "PRODUCT-0", 1);
        Cart cart = store().getCart(user);
        assertThat(cart.getItemsList()).hasSize(Carts.MAX_PRODUCTS).first().isEqualTo(item("PRODUCT-0", 2));
        assertThat(cart.getItemsList()).extracting(CartItem::getProductId).doesNotContain("ONE-TOO-MANY");
    }

    @Test
    void addItem_eightThreadsAddingToOneLine_losesNoUpdate() throws Exception {
        String user = newUser();
        runConcurrently(8, 50, (thread, i) -> store().addItem(user, "66VCHSJNUP", 1));
        assertThat(store().getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", 400));
    }

    @Test
    void addItem_eightThreadsAddingNewAndExistingLines_losesNoUpdate() throws Exception {
        String user = newUser();
        runConcurrently(8, 50, (thread, i) -> store().addItem(user, "P-" + (i % 5), thread + 1));
        // Each of the five lines gets ten adds from each thread t, of t + 1 units: 10 * (1 + ... + 8) = 360.
        assertThat(store().getCart(user).getItemsList())
                .extracting(CartItem::getQuantity)
                .containsExactly(360, 360, 360, 360, 360);
    }

    interface Add {
        void run(int thread, int i);
    }

    /** Runs {@code add} {@code times} times on each of {@code threads} threads, all released at once. */
    private static void runConcurrently(int threads, int times, Add add) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < times; i++) {
                        add.run(thread, i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertInvalidArgument(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShopException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
