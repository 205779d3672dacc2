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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertThatThrownBy(() -> store().addItem(user, "66VCHSJNUP", 1))
                .isInstanceOfSatisfying(
                        ShopException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(store().getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", Integer.MAX_VALUE));
    }

    @Test
    void addItem_concurrently_losesNoUpdate() throws Exception {
        String user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> adds = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String product = i % 2 == 0 ? "66VCHSJNUP" : "9SIQT8TOJO";
                adds.add(pool.submit(() -> store().addItem(user, product, 1)));
            }
            for (Future<?> add : adds) {
                add.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().getCart(user).getItemsList())
                .extracting(CartItem::getQuantity)
                .containsExactly(100, 100);
    }
}
