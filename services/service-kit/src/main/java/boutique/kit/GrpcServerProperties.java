package boutique.kit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of a service's gRPC server: the port (each service maps its reference variable onto it, e.g.
 * {@code shop.grpc.port: ${PRODUCT_CATALOG_SERVICE_PORT:3550}}) and how long shutdown waits for calls.
 */
@ConfigurationProperties("shop.grpc")
public record GrpcServerProperties(Integer port, Duration shutdownGrace, Duration clientDeadline) {

    public GrpcServerProperties {
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(5) : shutdownGrace;
        clientDeadline = clientDeadline == null ? Duration.ofSeconds(3) : clientDeadline;
    }
}
