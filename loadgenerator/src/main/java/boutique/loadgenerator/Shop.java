package boutique.loadgenerator;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the shoppers pick from: the catalog's nine product ids and the quantities they put in the cart. */
final class Shop {

    /** The catalog's ids, in the reference's order. {@code OLJCESPC7Z} fails under {@code productCatalogFailure}. */
    static final List<String> PRODUCT_IDS = List.of(
            "0PUK6V6EV0",
            "1YMWWN1N4O",
            "2ZYFJ3GM2N",
            "66VCHSJNUP",
            "6E92ZMYYFZ",
            "9SIQT8TOJO",
            "L9ECAV7KIM",
            "LS4PSXUNUM",
            "OLJCESPC7Z");

    static final List<Integer> QUANTITIES = List.of(1, 2, 3, 4, 5, 10);

    /** The multi-item checkout adds 2, 3 or 4 items, with equal odds. */
    static final List<Integer> MULTI_CHECKOUT_ITEMS = List.of(2, 3, 4);

    private Shop() {}

    static String randomProduct() {
        return pick(PRODUCT_IDS);
    }

    static int randomQuantity() {
        return pick(QUANTITIES);
    }

    static TestPerson randomPerson() {
        return pick(TestPerson.ALL);
    }

    static int randomMultiCheckoutItems() {
        return pick(MULTI_CHECKOUT_ITEMS);
    }

    /** The body of {@code POST /api/cart}, keys in the reference's order. */
    static String cartBody(String productId, int quantity, String userId) {
        return Json.requestBody(new CartBody(new CartItem(productId, quantity), userId));
    }

    private record CartBody(CartItem item, String userId) {}

    private record CartItem(String productId, int quantity) {}

    private static <T> T pick(List<T> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }
}
