package boutique.cart;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import hipstershop.AddItemRequest;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.GetCartRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The cart service as a real process on the real Redis. */
class CartServiceIT {

    private static Cart getCart(int port, String user) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        try {
            return CartServiceGrpc.newBlockingStub(channel)
                    .getCart(GetCartRequest.newBuilder().setUserId(user).build());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void cart_survivesARestartOfTheCartService() {
        String user = "it-" + UUID.randomUUID();
        int port = ServiceProcess.freePort();
        Map<String, String> env =
                Map.of("CART_SERVICE_PORT", Integer.toString(port), "REDIS_ADDR", RedisCartStoreIT.REDIS_ADDR);
        try (ServiceProcess first = ServiceProcess.startGrpc("cartservice", port, env)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            try {
                CartServiceGrpc.newBlockingStub(channel)
                        .addItem(AddItemRequest.newBuilder()
                                .setUserId(user)
                                .setItem(CartItem.newBuilder()
                                        .setProductId("66VCHSJNUP")
                                        .setQuantity(3))
                                .build());
            } finally {
                channel.shutdownNow();
            }
        }

        int secondPort = ServiceProcess.freePort();
        try (ServiceProcess second = ServiceProcess.startGrpc(
                "cartservice",
                secondPort,
                Map.of("CART_SERVICE_PORT", Integer.toString(secondPort), "REDIS_ADDR", RedisCartStoreIT.REDIS_ADDR))) {
            assertThat(getCart(secondPort, user))
                    .isEqualTo(Cart.newBuilder()
                            .setUserId(user)
                            .addItems(CartItem.newBuilder()
                                    .setProductId("66VCHSJNUP")
                                    .setQuantity(3))
                            .build());
        } finally {
            try (JedisPooled redis = new JedisPooled(HostAndPort.from(RedisCartStoreIT.REDIS_ADDR))) {
                redis.del(user);
            }
        }
    }

    @Test
    void start_withRedisNotAnswering_servesCartsFromMemoryAndWarnsLoudly() {
        int port = ServiceProcess.freePort();
        try (ServiceProcess cart = ServiceProcess.startGrpc(
                "cartservice",
                port,
                Map.of(
                        "CART_SERVICE_PORT",
                        Integer.toString(port),
                        "REDIS_ADDR",
                        "127.0.0.1:" + ServiceProcess.freePort()))) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            try {
                CartServiceGrpc.newBlockingStub(channel)
                        .addItem(AddItemRequest.newBuilder()
                                .setUserId("memory-user")
                                .setItem(CartItem.newBuilder()
                                        .setProductId("OLJCESPC7Z")
                                        .setQuantity(1))
                                .build());
            } finally {
                channel.shutdownNow();
            }
            assertThat(getCart(port, "memory-user").getItemsList()).hasSize(1);
            assertThat(cart.tail()).contains("WARN").contains("carts are kept IN MEMORY");
        }
    }
}
