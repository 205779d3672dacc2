package boutique.kit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a service's gRPC server: the port (each service maps its reference variable onto it, e.g.
 * {@code shop.grpc.port: ${PRODUCT_CATALOG_SERVICE_PORT:3550}}), how many calls run at once, the largest
 * request message it takes, how long shutdown waits for calls, and the deadline of outgoing calls that have
 * none.
 *
 * <p>{@code directExecutor} runs each call on the network thread that read it instead of handing it to a pool
 * thread: no thread switch per call, which saves about a quarter of the CPU of a service whose calls are short.
 * Only for a service whose calls never wait for another service or a database, since a waiting call holds up
 * every connection of its thread. A flag read seldom waits, and cannot wait for its own thread: the flag
 * channel has a network thread of its own (see {@link FeatureFlags}).
 *
 * <p>{@code maxCallThreads} bounds the pool otherwise.
 *
 * <p>The largest legitimate request of the contract is a few kilobytes (1,000 product ids to recommend
 * around, 100 ad keys); 64 KiB leaves room and refuses a flood with RESOURCE_EXHAUSTED before it is parsed.
 */
@ConfigurationProperties("shop.grpc")
public record GrpcServerProperties(
        Integer port,
        Integer maxCallThreads,
        DataSize maxInboundMessageSize,
        Duration shutdownGrace,
        Duration clientDeadline,
        boolean directExecutor) {

    public GrpcServerProperties {
        maxCallThreads = maxCallThreads == null ? 16 : maxCallThreads;
        maxInboundMessageSize = maxInboundMessageSize == null ? DataSize.ofKilobytes(64) : maxInboundMessageSize;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(5) : shutdownGrace;
        clientDeadline = clientDeadline == null ? Duration.ofSeconds(3) : clientDeadline;
    }
}
