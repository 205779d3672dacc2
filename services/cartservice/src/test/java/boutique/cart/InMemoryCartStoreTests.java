package boutique.cart;

class InMemoryCartStoreTests extends CartStoreContract {

    private final InMemoryCartStore store = new InMemoryCartStore();

    @Override
    CartStore store() {
        return store;
    }
}
