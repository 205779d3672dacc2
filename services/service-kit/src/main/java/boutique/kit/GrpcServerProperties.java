package boutique.kit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of a service's gRPC server: the port (each service maps its reference variable onto it, e.g.
 * {@code shop.grpc.port: ${PRODUCT_CATALOG_SERVICE_PORT:3550}}), how many calls run at once, how long
 * shutdown waits for calls, and the deadline of outgoing calls that set none.
 */
@ConfigurationProperties("shop.grpc")
public record GrpcServerProperties(
        Integer port, Integer maxCallThreads, Duration shutdownGrace, Duration clientDeadline) {

    public GrpcServerProperties {
        maxCallThreads = maxCallThreads == null ? 16 : maxCallThreads;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(5) : shutdownGrace;
        clientDeadline = clientDeadline == null ? Duration.ofSeconds(3) : clientDeadline;
    }
}
