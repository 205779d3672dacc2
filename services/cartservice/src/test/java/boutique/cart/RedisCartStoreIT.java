package boutique.cart;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.Readiness;
import boutique.kit.ShopException;
import boutique.kit.testing.TestServers;
import boutique.kit.testing.TestTelemetry;
import hipstershop.Cart;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The cart store contract against the real Redis, plus what only Redis can do: share, expire, fail and recover;
 * and each exchange with Redis as a client span.
 */
class RedisCartStoreIT extends CartStoreContract {

    private static final long HOUR = Duration.ofMinutes(60).toSeconds();

    private static final Readiness readiness = new Readiness();
    private static final TestTelemetry telemetry = new TestTelemetry();
    /** host:port of the Redis {@link TestServers} finds: REDIS_ADDR, the local one, or a container. */
    private static String redisAddress;

    private static RedisCartStore store;
    /** A plain client, to look at and plant what the reference would store. */
    private static JedisPooled redis;

    private final Set<String> users = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void connect() {
        redisAddress = TestServers.redisAddress();
        store = new RedisCartStore(CartProperties.of(redisAddress), readiness, telemetry.sdk());
        store.check();
        assertThat(readiness.isReady()).as("Redis at %s answers", redisAddress).isTrue();
        redis = new JedisPooled(HostAndPort.from(redisAddress));
    }

    @AfterAll
    static void disconnect() {
        store.close();
        redis.close();
        telemetry.close();
    }

    @AfterEach
    void removeKeys() {
        users.forEach(redis::del);
    }

    @Override
    CartStore store() {
        return store;
    }

    @Override
    String newUser(String suffix) {
        String user = super.newUser(suffix);
        users.add(user);
        return user;
    }

    private static byte[] key(String user) {
        return user.getBytes(StandardCharsets.UTF_8);
    }

    private static RedisCartStore storeAt(String address, Readiness readiness) {
        return new RedisCartStore(CartProperties.of(address), readiness, OpenTelemetry.noop());
    }

    @Test
    void layout_isTheReferences_hashFieldCartHoldingTheProtobuf() throws Exception {
        String user = newUser();
        store.addItem(user, "66VCHSJNUP", 2);
        assertThat(redis.type(user)).isEqualTo("hash");
        assertThat(redis.hkeys(user)).containsExactly("cart");
        assertThat(Cart.parseFrom(redis.hget(key(user), key("cart"))))
                .isEqualTo(Cart.newBuilder()
                        .setUserId(user)
                        .addItems(item("66VCHSJNUP", 2))
                        .build());

        store.emptyCart(user);
        assertThat(redis.hget(key(user), key("cart"))).isEmpty();
    }

    @Test
    void addItem_cartExpiresAnHourAfterIt_andEachLaterAddStartsTheHourAgain() {
        String user = newUser();
        store.addItem(user, "66VCHSJNUP", 1);
        assertThat(redis.ttl(user)).isBetween(HOUR - 60, HOUR);

        redis.expire(user, 100);
        store.getCart(user);
        assertThat(redis.ttl(user)).as("reading is not a change").isLessThanOrEqualTo(100);

        store.addItem(user, "66VCHSJNUP", 1);
        assertThat(redis.ttl(user)).isBetween(HOUR - 60, HOUR);
    }

    @Test
    void emptyCart_emptiedCartExpiresAnHourAfterIt() {
        String user = newUser();
        store.addItem(user, "66VCHSJNUP", 1);
        redis.expire(user, 100);
        store.emptyCart(user);
        assertThat(redis.ttl(user)).isBetween(HOUR - 60, HOUR);

        String unknown = newUser();
        store.emptyCart(unknown);
        assertThat(redis.ttl(unknown)).isBetween(HOUR - 60, HOUR);
    }

    @Test
    void cartWrittenByTheReference_isReadAndAddedTo() {
        // What the reference leaves after EmptyCart and two AddItems, including a negative quantity it accepts.
        String user = newUser();
        Cart reference = Cart.newBuilder()
                .addItems(item("L9ECAV7KIM", -3))
                .addItems(item("OLJCESPC7Z", 1))
                .build();
        redis.hset(key(user), key("cart"), reference.toByteArray());

        assertThat(store.getCart(user))
                .isEqualTo(reference.toBuilder().setUserId(user).build());

        store.addItem(user, "L9ECAV7KIM", 1);
        store.addItem(user, "6E92ZMYYFZ", 2);
        assertThat(store.getCart(user).getItemsList())
                .containsExactly(item("L9ECAV7KIM", -2), item("OLJCESPC7Z", 1), item("6E92ZMYYFZ", 2));
        store.addItem(user, "L9ECAV7KIM", 5);
        assertThat(store.getCart(user).getItemsList().get(0)).isEqualTo(item("L9ECAV7KIM", 3));
    }

    @Test
    void keyOfAnotherType_isFailedPreconditionAndLeftAlone() {
        String user = newUser();
        redis.set(user, "OK");
        assertStorageFailure(() -> store.addItem(user, "66VCHSJNUP", 1), Status.Code.FAILED_PRECONDITION);
        assertStorageFailure(() -> store.getCart(user), Status.Code.FAILED_PRECONDITION);
        assertThat(redis.get(user)).isEqualTo("OK");
    }

    @Test
    void storedValueThatIsNoCart_isFailedPreconditionAndLeftAlone() {
        String user = newUser();
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF};
        redis.hset(key(user), key("cart"), garbage);
        assertStorageFailure(() -> store.addItem(user, "66VCHSJNUP", 1), Status.Code.FAILED_PRECONDITION);
        assertStorageFailure(() -> store.getCart(user), Status.Code.FAILED_PRECONDITION);
        assertThat(redis.hget(key(user), key("cart"))).isEqualTo(garbage);
    }

    @Test
    void redisCut_failsUnavailableWithinOneSecond_checkMakesItNotReady_andBothRecoverWhenBack() {
        String user = newUser();
        Readiness cutReadiness = new Readiness();
        try (TcpProxy proxy = new TcpProxy(
                        HostAndPort.from(redisAddress).getHost(),
                        HostAndPort.from(redisAddress).getPort());
                RedisCartStore viaProxy = storeAt(proxy.address(), cutReadiness)) {
            viaProxy.check();
            viaProxy.addItem(user, "66VCHSJNUP", 1);
            assertThat(cutReadiness.isReady()).isTrue();

            proxy.cut();
            for (ThrowingCallable call : everyCall(viaProxy, user)) {
                assertUnavailableWithinOneSecond(call);
            }
            viaProxy.check();
            assertThat(cutReadiness.isReady()).isFalse();
            assertThat(cutReadiness.notReadyBecause()).startsWith("Redis at " + proxy.address() + " does not answer");
            for (ThrowingCallable call : everyCall(viaProxy, user)) {
                assertUnavailableWithinOneSecond(call);
            }

            proxy.restore();
            viaProxy.check();
            assertThat(cutReadiness.isReady()).isTrue();
            viaProxy.addItem(user, "66VCHSJNUP", 1);
            assertThat(viaProxy.getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", 2));
        }
    }

    @Test
    void redisHanging_failsUnavailableWithinOneSecond_andOnceFoundCallsFailWithoutWaitingOnRedis() {
        String user = newUser();
        Readiness hangReadiness = new Readiness();
        try (TcpProxy proxy = new TcpProxy(
                        HostAndPort.from(redisAddress).getHost(),
                        HostAndPort.from(redisAddress).getPort());
                RedisCartStore viaProxy = storeAt(proxy.address(), hangReadiness)) {
            viaProxy.addItem(user, "66VCHSJNUP", 1);

            proxy.freeze();
            assertUnavailableWithinOneSecond(() -> viaProxy.getCart(user));
            viaProxy.check();
            assertThat(hangReadiness.isReady()).isFalse();

            long sent = proxy.received();
            for (ThrowingCallable call : everyCall(viaProxy, user)) {
                assertStorageFailure(call, Status.Code.UNAVAILABLE);
            }
            assertThat(proxy.received()).as("bytes sent towards Redis").isEqualTo(sent);

            proxy.restore();
            viaProxy.check();
            assertThat(hangReadiness.isReady()).isTrue();
            assertThat(viaProxy.getCart(user).getItemsList()).containsExactly(item("66VCHSJNUP", 1));
        }
    }

    @Test
    void getCart_isOneHgetClientSpan_childOfTheCallersSpan_withTheDatabaseConventions() {
        String user = newUser();
        SpanData caller = inSpan(() -> store.getCart(user));

        assertThat(redisSpans())
                .singleElement()
                .satisfies(hget -> assertThat(hget)
                        .hasName("HGET")
                        .hasKind(SpanKind.CLIENT)
                        .hasParent(caller)
                        .hasStatus(StatusData.unset())
                        .hasAttributesSatisfyingExactly(
                                equalTo(AttributeKey.stringKey("db.system.name"), "redis"),
                                equalTo(AttributeKey.stringKey("db.system"), "redis"),
                                equalTo(AttributeKey.stringKey("db.operation.name"), "HGET"),
                                equalTo(AttributeKey.stringKey("db.query.text"), "HGET ? cart"),
                                equalTo(AttributeKey.stringKey("db.namespace"), "0"),
                                equalTo(
                                        AttributeKey.stringKey("server.address"),
                                        HostAndPort.from(redisAddress).getHost()),
                                equalTo(AttributeKey.longKey("server.port"), (long)
                                        HostAndPort.from(redisAddress).getPort())));
    }

    @Test
    void addItem_isWatchHgetAndOneMultiTransactionSpan() {
        String user = newUser();
        SpanData caller = inSpan(() -> store.addItem(user, "66VCHSJNUP", 1));

        List<SpanData> spans = redisSpans();
        assertThat(spans).extracting(SpanData::getName).containsExactly("WATCH", "HGET", "MULTI");
        assertThat(spans)
                .allSatisfy(span -> assertThat(span)
                        .hasKind(SpanKind.CLIENT)
                        .hasParent(caller)
                        .hasAttribute(AttributeKey.stringKey("db.system.name"), "redis"));
        assertThat(spans.get(2))
                .hasAttribute(AttributeKey.stringKey("db.operation.name"), "MULTI")
                .hasAttribute(AttributeKey.longKey("db.operation.batch.size"), 2L)
                .hasAttribute(AttributeKey.stringKey("db.query.text"), "MULTI; HSET ? cart ?; EXPIRE ? 3600; EXEC");
    }

    @Test
    void emptyCart_isOneMultiTransactionSpan() {
        String user = newUser();
        SpanData caller = inSpan(() -> store.emptyCart(user));

        assertThat(redisSpans())
                .singleElement()
                .satisfies(multi -> assertThat(multi)
                        .hasName("MULTI")
                        .hasParent(caller)
                        .hasAttribute(AttributeKey.stringKey("db.operation.name"), "MULTI"));
    }

    @Test
    void redisErrorReply_isAnErrorSpanWithTheRedisErrorPrefixAndTheException() {
        String user = newUser();
        redis.set(user, "OK");
        inSpan(() -> assertStorageFailure(() -> store.getCart(user), Status.Code.FAILED_PRECONDITION));

        assertThat(redisSpans())
                .singleElement()
                .satisfies(hget -> assertThat(hget)
                        .hasName("HGET")
                        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
                        .hasAttribute(AttributeKey.stringKey("db.response.status_code"), "WRONGTYPE")
                        .hasAttribute(AttributeKey.stringKey("error.type"), "WRONGTYPE")
                        .hasEventsSatisfyingExactly(event -> event.hasName("exception")));
    }

    /** Runs {@code call} inside a span of its own, as the gRPC server runs each rpc; returns that span. */
    private static SpanData inSpan(Runnable call) {
        telemetry.reset();
        Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            call.run();
        } finally {
            caller.end();
        }
        return telemetry.span("caller", SpanKind.INTERNAL);
    }

    /** The spans of the exchanges with Redis since the last {@link #inSpan}, in the order they ended. */
    private static List<SpanData> redisSpans() {
        return telemetry.spans().stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT)
                .toList();
    }

    private static List<ThrowingCallable> everyCall(CartStore store, String user) {
        return List.of(
                () -> store.getCart(user), () -> store.addItem(user, "66VCHSJNUP", 1), () -> store.emptyCart(user));
    }

    static void assertUnavailableWithinOneSecond(ThrowingCallable call) {
        long start = System.nanoTime();
        assertStorageFailure(call, Status.Code.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    static void assertStorageFailure(ThrowingCallable call, Status.Code code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShopException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo("Can't access cart storage.");
        });
    }
}
