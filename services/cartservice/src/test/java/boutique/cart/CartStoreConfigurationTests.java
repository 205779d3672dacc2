package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.Readiness;
import boutique.kit.ShopException;
import boutique.kit.testing.Ports;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@ExtendWith(OutputCaptureExtension.class)
class CartStoreConfigurationTests {

    private final CartStoreConfiguration configuration = new CartStoreConfiguration();
    private final Readiness readiness = new Readiness();
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private CartStore store;

    CartStoreConfigurationTests() {
        scheduler.initialize();
    }

    @AfterEach
    void stop() {
        if (store instanceof RedisCartStore redis) {
            redis.close();
        }
        scheduler.shutdown();
    }

    @Test
    void noRedisAddress_keepsCartsInMemory_saysSoAndIsReady(CapturedOutput output) {
        store = configuration.cartStore(CartProperties.of(""), readiness, scheduler, OpenTelemetry.noop());
        assertThat(store).isInstanceOf(InMemoryCartStore.class);
        assertThat(readiness.isReady()).isTrue();
        assertThat(output).contains("WARN").contains("REDIS_ADDR is not set: carts are kept IN MEMORY");
    }

    @Test
    void redisNotAnsweringAtStart_stillKeepsCartsInRedis_isNotReadyAndWarnsNamingTheAddress(CapturedOutput output) {
        String closed = "127.0.0.1:" + Ports.closedPort();
        store = configuration.cartStore(CartProperties.of(closed), readiness, scheduler, OpenTelemetry.noop());

        assertThat(store).isInstanceOf(RedisCartStore.class);
        assertThat(readiness.isReady()).isFalse();
        assertThat(output).contains("WARN").contains("Redis at " + closed + " does not answer");
        assertThatThrownBy(() -> store.addItem("u-1", "66VCHSJNUP", 1))
                .isInstanceOfSatisfying(ShopException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("Can't access cart storage.");
                });
    }
}
