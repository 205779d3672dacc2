package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

class CartStoreConfigurationTests {

    private final CartStoreConfiguration configuration = new CartStoreConfiguration();

    @Test
    void noRedisAddress_keepsCartsInMemory() {
        assertThat(configuration.cartStore(new CartProperties("", null, null))).isInstanceOf(InMemoryCartStore.class);
    }

    @Test
    void redisNotAnsweringAtStart_keepsCartsInMemory() {
        String closed = "127.0.0.1:" + ServiceProcess.freePort();
        assertThat(configuration.cartStore(new CartProperties(closed, null, null)))
                .isInstanceOf(InMemoryCartStore.class);
    }
}
