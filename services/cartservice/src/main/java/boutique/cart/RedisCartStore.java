package boutique.cart;

import boutique.kit.ShopException;
import com.google.protobuf.InvalidProtocolBufferException;
import hipstershop.Cart;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Carts in Redis, laid out as the reference's cart service keeps them so both can share one Redis: one hash per
 * user, keyed by the user id as it is, whose field {@code cart} holds the protobuf encoding of the
 * {@link Cart} (zero bytes once emptied). Short timeouts make an outage fail a call within a second, and the
 * pool replaces broken connections, so the store recovers by itself when Redis is back.
 */
final class RedisCartStore implements CartStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCartStore.class);
    private static final byte[] FIELD = bytes("cart");
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] ADD_ITEM = script("/add_item.lua");
    private static final byte[] ADD_ITEM_SHA = bytes(sha1(ADD_ITEM));

    private final String address;
    private final JedisPooled redis;
    private volatile boolean down;

    RedisCartStore(CartProperties properties) {
        this.address = properties.redisAddr();
        int commandMillis = (int) properties.redisCommandTimeout().toMillis();
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) properties.redisConnectTimeout().toMillis())
                .socketTimeoutMillis(commandMillis)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        // Waiting longer for a free connection than for a command would break the one-second promise.
        pool.setMaxWait(Duration.ofMillis(commandMillis));
        this.redis = new JedisPooled(hostAndPort(address), client, pool);
    }

    private static HostAndPort hostAndPort(String address) {
        return address.contains(":") ? HostAndPort.from(address) : new HostAndPort(address, 6379);
    }

    /** Whether Redis answers a PING now. */
    boolean isReachable() {
        try {
            redis.ping();
            return true;
        } catch (JedisException e) {
            return false;
        }
    }

    @Override
    public void addItem(String userId, String productId, int quantity) {
        List<byte[]> keys = List.of(bytes(userId));
        List<byte[]> args = List.of(bytes(userId), bytes(productId), bytes(Integer.toString(quantity)));
        Object added = call(() -> {
            try {
                return redis.evalsha(ADD_ITEM_SHA, keys, args);
            } catch (JedisNoScriptException e) {
                // First use on this Redis (or after a restart of it): send the script itself, which caches it.
                return redis.eval(ADD_ITEM, keys, args);
            }
        });
        if (added == null) {
            throw CartStore.quantityTooLarge();
        }
    }

    @Override
    public Cart getCart(String userId) {
        byte[] stored = call(() -> redis.hget(bytes(userId), FIELD));
        if (stored == null || stored.length == 0) {
            return Cart.getDefaultInstance();
        }
        Cart cart;
        try {
            cart = Cart.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            log.error("the cart of user {} in Redis is not a Cart message: {}", userId, e.getMessage());
            throw new ShopException(Status.Code.FAILED_PRECONDITION, STORAGE_FAILURE);
        }
        if (cart.getItemsCount() == 0) {
            return Cart.getDefaultInstance();
        }
        // The reference leaves the user id empty when it adds to an emptied cart; ours always names the owner.
        return cart.getUserId().equals(userId)
                ? cart
                : cart.toBuilder().setUserId(userId).build();
    }

    @Override
    public void emptyCart(String userId) {
        call(() -> redis.hset(bytes(userId), FIELD, NOTHING));
    }

    private <T> T call(Supplier<T> command) {
        try {
            T result = command.get();
            if (down) {
                down = false;
                log.info("Redis at {} answers again", address);
            }
            return result;
        } catch (JedisDataException e) {
            // Redis answered with an error: a key of another type, or a cart the script cannot read.
            log.error("Redis at {} refused a cart command: {}", address, e.getMessage());
            throw new ShopException(Status.Code.FAILED_PRECONDITION, STORAGE_FAILURE);
        } catch (JedisException e) {
            if (!down) {
                down = true;
                log.warn(
                        "Redis at {} cannot be reached ({}): cart calls fail UNAVAILABLE until it is back",
                        address,
                        e.getMessage());
            }
            // The idle connections died with the one that failed; drop them so recovery needs no extra failures.
            redis.getPool().clear();
            throw ShopException.unavailable(STORAGE_FAILURE);
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] script(String resource) {
        try (InputStream in = RedisCartStore.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " cannot be read", e);
        }
    }

    /** Redis names a cached script by the SHA-1 of its text. */
    private static String sha1(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
