package boutique.cart;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A CLIENT span for each exchange with Redis, with the database semantic conventions: named by its command
 * ({@code HGET}, {@code WATCH}, or {@code MULTI} for a transaction, whose queued commands and {@code EXEC} go to
 * Redis as one exchange), with {@code db.system.name} (and the older {@code db.system}) {@code redis}, the
 * command as {@code db.operation.name}, the query text without its values, the database index and the server's
 * address and port. A failed exchange is an error span with its exception; a Redis error reply also gives its
 * prefix ({@code WRONGTYPE}, ...) as {@code db.response.status_code}. OpenTelemetry instruments Jedis only
 * through its Java agent, so the store wraps its own calls; the attributes of each command are built once, as
 * AddItem runs three exchanges per call.
 */
final class RedisTracing {

    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> DB_RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** One command as its spans describe it: the span name and the attributes every span of it carries. */
    record Command(String name, Attributes attributes) {}

    private final Tracer tracer;
    private final Attributes connection;

    RedisTracing(OpenTelemetry openTelemetry, HostAndPort server) {
        this.tracer = openTelemetry.getTracer("cartservice");
        this.connection = Attributes.builder()
                .put(DB_SYSTEM_NAME, "redis")
                .put(DB_SYSTEM, "redis")
                // The store never sends SELECT: every connection stays on database 0.
                .put(DB_NAMESPACE, "0")
                .put(SERVER_ADDRESS, server.getHost())
                .put(SERVER_PORT, (long) server.getPort())
                .build();
    }

    /** A single command; {@code queryText} is its Redis CLI syntax with {@code ?} for the values. */
    Command command(String name, String queryText) {
        return new Command(
                name,
                connection.toBuilder()
                        .put(DB_OPERATION_NAME, name)
                        .put(DB_QUERY_TEXT, queryText)
                        .build());
    }

    /** A MULTI/EXEC transaction of {@code batchSize} queued commands, spelled out in {@code queryText}. */
    Command transaction(int batchSize, String queryText) {
        return new Command(
                "MULTI",
                connection.toBuilder()
                        .put(DB_OPERATION_NAME, "MULTI")
                        .put(DB_OPERATION_BATCH_SIZE, (long) batchSize)
                        .put(DB_QUERY_TEXT, queryText)
                        .build());
    }

    /**
     * Runs one exchange with Redis inside a span of {@code command}, a child of the current span. Nothing runs
     * inside it that could have spans of its own, so it is not made current.
     */
    <T> T call(Command command, Supplier<T> exchange) {
        Span span = tracer.spanBuilder(command.name())
                .setSpanKind(SpanKind.CLIENT)
                .setAllAttributes(command.attributes())
                .startSpan();
        try {
            return exchange.get();
        } catch (JedisDataException e) {
            String prefix = errorPrefix(e.getMessage());
            span.setAttribute(DB_RESPONSE_STATUS_CODE, prefix);
            failed(span, prefix, e);
            throw e;
        } catch (RuntimeException e) {
            failed(span, rootCause(e).getClass().getName(), e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void failed(Span span, String errorType, RuntimeException e) {
        span.setAttribute(ERROR_TYPE, errorType);
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.getMessage());
    }

    /** A Redis error reply starts with its kind in capitals: "WRONGTYPE Operation against a key ...". */
    static String errorPrefix(String message) {
        if (message == null || message.isEmpty()) {
            return "ERR";
        }
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
