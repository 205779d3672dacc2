package boutique.cart;

import boutique.kit.Readiness;
import boutique.kit.ShopException;
import com.google.protobuf.InvalidProtocolBufferException;
import hipstershop.Cart;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Carts in Redis, laid out as the reference's cart service keeps them so both can share one Redis: one hash per
 * user, keyed by the user id as it is, whose field {@code cart} holds the protobuf encoding of the
 * {@link Cart} (zero bytes once emptied), and which expires a while after its last change.
 *
 * <p>A PING every second ({@link #check}) decides whether Redis answers: while it does not, the service's
 * health is NOT_SERVING and cart calls fail UNAVAILABLE at once instead of waiting on Redis. Short timeouts
 * make a call that meets an outage fail within a second, and broken connections are dropped, so the store
 * recovers by itself when Redis is back.
 *
 * <p>Each exchange with Redis is a CLIENT span ({@link RedisTracing}): GetCart is one {@code HGET}, EmptyCart one
 * {@code MULTI} transaction, and each attempt of AddItem a {@code WATCH}, an {@code HGET} and a {@code MULTI}.
 * The health check's PING makes none: it serves no request.
 */
final class RedisCartStore implements CartStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCartStore.class);
    private static final byte[] FIELD = bytes("cart");
    private static final byte[] NOTHING = new byte[0];
    /**
     * AddItem attempts before giving up on a cart that others keep changing. An attempt loses only to another
     * change of the same cart, which a shopper's cart rarely sees; measured with 8 threads adding to one cart
     * as fast as they can (16,000 adds): 2 attempts per add on average, 26 at most.
     */
    private static final int MAX_ADD_ATTEMPTS = 100;

    private static final String TOO_MANY_CONFLICTS = "the cart kept changing while adding to it; try again";

    private final String address;
    private final long expirySeconds;
    private final Readiness readiness;
    private final JedisPool pool;
    private final RedisTracing tracing;
    private final RedisTracing.Command watch;
    private final RedisTracing.Command read;
    private final RedisTracing.Command write;
    /** Whether the last check reached Redis (until the first one: yes); calls fail at once while it did not. */
    private volatile boolean answering = true;

    private volatile ScheduledFuture<?> checks;

    RedisCartStore(CartProperties properties, Readiness readiness, OpenTelemetry openTelemetry) {
        this.address = properties.redisAddr();
        this.expirySeconds = properties.expiry().toSeconds();
        this.readiness = readiness;
        int commandMillis = (int) properties.redisCommandTimeout().toMillis();
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) properties.redisConnectTimeout().toMillis())
                .socketTimeoutMillis(commandMillis)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build();
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        // One connection per call the gRPC server runs at once (16), and one for the health check.
        config.setMaxTotal(17);
        config.setMaxIdle(17);
        config.setJmxEnabled(false);
        // Waiting longer for a free connection than for a command would break the one-second promise.
        config.setMaxWait(Duration.ofMillis(commandMillis));
        HostAndPort server = hostAndPort(address);
        this.pool = new JedisPool(config, server, client);
        this.tracing = new RedisTracing(openTelemetry, server);
        this.watch = tracing.command("WATCH", "WATCH ?");
        this.read = tracing.command("HGET", "HGET ? cart");
        this.write = tracing.transaction(2, "MULTI; HSET ? cart ?; EXPIRE ? " + expirySeconds + "; EXEC");
    }

    private static HostAndPort hostAndPort(String address) {
        return address.contains(":") ? HostAndPort.from(address) : new HostAndPort(address, 6379);
    }

    /**
     * Pings Redis and reports the outcome to the service's readiness; a change is logged once (by
     * {@link Readiness}), not at every check.
     */
    void check() {
        JedisException failure = ping();
        if (failure == null) {
            answering = true;
            readiness.ready();
        } else if (answering) {
            answering = false;
            readiness.notReady("Redis at " + address + " does not answer (" + rootMessage(failure)
                    + "): cart calls fail UNAVAILABLE until it does");
        }
    }

    /** The failure of a PING, or null when Redis answered. */
    private JedisException ping() {
        for (int attempt = 1; ; attempt++) {
            try (Jedis jedis = pool.getResource()) {
                jedis.ping();
                return null;
            } catch (JedisException e) {
                pool.clear();
                // An idle connection may predate a restart of Redis: one more try, on a new connection.
                if (attempt == 2) {
                    return e;
                }
            }
        }
    }

    /** Runs {@link #check} every {@code interval} until this store is closed. */
    void checkEvery(TaskScheduler scheduler, Duration interval) {
        checks = scheduler.scheduleWithFixedDelay(this::check, Instant.now().plus(interval), interval);
    }

    @Override
    public void addItem(String userId, String productId, int quantity) {
        byte[] key = bytes(userId);
        call(jedis -> {
            // Optimistic: read the cart under WATCH and write it back in MULTI/EXEC, which Redis refuses (EXEC
            // answers null) when another client changed the key in between; then read it again.
            for (int attempt = 1; attempt <= MAX_ADD_ATTEMPTS; attempt++) {
                tracing.call(watch, () -> jedis.watch(key));
                byte[] stored = tracing.call(read, () -> jedis.hget(key, FIELD));
                Cart cart = Carts.added(parse(userId, stored), userId, productId, quantity);
                if (tracing.call(write, () -> store(jedis, key, cart.toByteArray())) != null) {
                    return null;
                }
                pause(attempt);
            }
            log.warn("AddItem gave up after {} attempts: the cart of user {} kept changing", MAX_ADD_ATTEMPTS, userId);
            throw ShopException.unavailable(TOO_MANY_CONFLICTS);
        });
    }

    @Override
    public Cart getCart(String userId) {
        Cart cart = parse(userId, call(jedis -> tracing.call(read, () -> jedis.hget(bytes(userId), FIELD))));
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
        byte[] key = bytes(userId);
        call(jedis -> tracing.call(write, () -> store(jedis, key, NOTHING)));
    }

    /**
     * Writes the stored cart and restarts its expiry in one MULTI/EXEC; null when Redis refused it because a
     * WATCHed key changed.
     */
    private List<Object> store(Jedis jedis, byte[] key, byte[] cart) {
        try (Transaction transaction = jedis.multi()) {
            transaction.hset(key, FIELD, cart);
            transaction.expire(key, expirySeconds);
            return transaction.exec();
        }
    }

    /**
     * Backs off after losing to a concurrent change, for a random time of up to 0.2 ms after the first loss,
     * doubling up to 5 ms, so that adders racing on one cart spread out instead of colliding again in lockstep.
     */
    private static void pause(int attempt) {
        long most = Math.min(5_000_000L, 100_000L << Math.min(attempt, 10));
        try {
            TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(most));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShopException.unavailable(TOO_MANY_CONFLICTS);
        }
    }

    /** A stored cart; none (or zero bytes) is the empty cart. */
    private static Cart parse(String userId, byte[] stored) {
        if (stored == null || stored.length == 0) {
            return Cart.getDefaultInstance();
        }
        try {
            return Cart.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            log.error("the cart of user {} in Redis is not a Cart message: {}", userId, e.getMessage());
            throw new ShopException(Status.Code.FAILED_PRECONDITION, STORAGE_FAILURE);
        }
    }

    private <T> T call(Function<Jedis, T> command) {
        if (!answering) {
            throw ShopException.unavailable(STORAGE_FAILURE);
        }
        try (Jedis jedis = pool.getResource()) {
            return command.apply(jedis);
        } catch (JedisDataException e) {
            // Redis answered with an error: a key of another type, say.
            log.error("Redis at {} refused a cart command: {}", address, e.getMessage());
            throw new ShopException(Status.Code.FAILED_PRECONDITION, STORAGE_FAILURE);
        } catch (JedisException e) {
            // The outage itself is logged once, when the next check finds it.
            log.debug("a cart command to Redis at {} failed: {}", address, rootMessage(e));
            // The idle connections died with the one that failed; drop them so recovery needs no extra failures.
            pool.clear();
            throw ShopException.unavailable(STORAGE_FAILURE);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = checks;
        if (running != null) {
            running.cancel(false);
        }
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
