package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.ServiceProcess;
import boutique.kit.testing.TestRedis;
import boutique.kit.testing.TestServers;
import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CartServiceGrpc.CartServiceBlockingStub;
import hipstershop.GetCartRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The cart service as a real process on a real Redis: the shared one, or one the test starts and stops. */
class CartServiceIT {

    private static final CartItem THREE_TELESCOPES =
            CartItem.newBuilder().setProductId("66VCHSJNUP").setQuantity(3).build();

    private ManagedChannel channel;

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private CartServiceBlockingStub cart(int port) {
        closeChannel();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        return CartServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static Map<String, String> env(int port, String redisAddr) {
        return Map.of("CART_SERVICE_PORT", Integer.toString(port), "REDIS_ADDR", redisAddr);
    }

    private static AddItemRequest add(String user, CartItem item) {
        return AddItemRequest.newBuilder().setUserId(user).setItem(item).build();
    }

    private static GetCartRequest get(String user) {
        return GetCartRequest.newBuilder().setUserId(user).build();
    }

    @Test
    void cart_survivesARestartOfTheCartService() {
        String user = "it-" + UUID.randomUUID();
        int port = ServiceProcess.freePort();
        try (ServiceProcess first =
                ServiceProcess.startGrpc("cartservice", port, env(port, TestServers.redisAddress()))) {
            cart(port).addItem(add(user, THREE_TELESCOPES));
        }

        int secondPort = ServiceProcess.freePort();
        try (ServiceProcess second =
                ServiceProcess.startGrpc("cartservice", secondPort, env(secondPort, TestServers.redisAddress()))) {
            assertThat(cart(secondPort).getCart(get(user)))
                    .isEqualTo(Cart.newBuilder()
                            .setUserId(user)
                            .addItems(THREE_TELESCOPES)
                            .build());
        } finally {
            try (JedisPooled redis = new JedisPooled(HostAndPort.from(TestServers.redisAddress()))) {
                redis.del(user);
            }
        }
    }

    @Test
    void redisDownAtStart_notServingAndUnavailable_thenHealthAndCallsFollowRedis_andNoCartIsLost(@TempDir Path dir)
            throws Exception {
        String user = "it-" + UUID.randomUUID();
        int port = ServiceProcess.freePort();
        try (TestRedis redis = TestRedis.in(dir);
                ServiceProcess service = ServiceProcess.start(
                        "cartservice",
                        env(port, redis.address()),
                        () -> ServiceProcess.grpcHealth(port) == ServingStatus.NOT_SERVING)) {
            assertThat(service.tail()).contains("WARN").contains("Redis at " + redis.address() + " does not answer");
            assertUnavailableWithinOneSecond(() -> cart(port).addItem(add(user, THREE_TELESCOPES)));
            assertUnavailableWithinOneSecond(() -> cart(port).getCart(get(user)));

            redis.start();
            awaitHealth(port, ServingStatus.SERVING, "Redis started");
            cart(port).addItem(add(user, THREE_TELESCOPES));

            redis.freeze();
            assertUnavailableWithinOneSecond(() -> cart(port).getCart(get(user)));
            awaitHealth(port, ServingStatus.NOT_SERVING, "Redis frozen");
            assertUnavailableWithinOneSecond(() -> cart(port).addItem(add(user, THREE_TELESCOPES)));
            redis.thaw();
            awaitHealth(port, ServingStatus.SERVING, "Redis thawed");
            assertThat(cart(port).getCart(get(user)).getItemsList()).containsExactly(THREE_TELESCOPES);

            redis.stop();
            assertUnavailableWithinOneSecond(() -> cart(port).getCart(get(user)));
            awaitHealth(port, ServingStatus.NOT_SERVING, "Redis stopped");
            redis.start();
            awaitHealth(port, ServingStatus.SERVING, "Redis restarted");
            cart(port).addItem(add(user, THREE_TELESCOPES));
            assertThat(cart(port).getCart(get(user)).getItemsList())
                    .containsExactly(THREE_TELESCOPES.toBuilder().setQuantity(6).build());
            assertThat(service.tail()).doesNotContainIgnoringCase("in memory");
        }
    }

    /** Waits for the health to turn {@code expected}; prints how long that took. */
    private static void awaitHealth(int port, ServingStatus expected, String after) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(10).toNanos();
        while (ServiceProcess.grpcHealth(port) != expected) {
            assertThat(System.nanoTime())
                    .as("%s: health %s within 10 s", after, expected)
                    .isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        System.out.printf("%s: %s after %d ms%n", after, expected, (System.nanoTime() - start) / 1_000_000);
    }

    private static void assertUnavailableWithinOneSecond(ThrowingCallable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).isEqualTo("Can't access cart storage.");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
