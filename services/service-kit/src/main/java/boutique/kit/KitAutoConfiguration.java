package boutique.kit;

import io.grpc.BindableService;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Wires the kit into every service: the gRPC server (when a port is configured) and its readiness, channels,
 * flags, and a bound on how long shutdown may take.
 */
@AutoConfiguration
@EnableConfigurationProperties(GrpcServerProperties.class)
public class KitAutoConfiguration {

    @Bean
    @ConditionalOnProperty("shop.grpc.port")
    GrpcServerLifecycle grpcServerLifecycle(
            GrpcServerProperties properties,
            List<BindableService> services,
            Readiness readiness,
            GrpcTelemetry telemetry) {
        return new GrpcServerLifecycle(properties, services, readiness, telemetry.createServerInterceptor());
    }

    /** Only in the class-data training run: see {@link ClassDataTraining}. */
    @Bean
    @Lazy(false)
    @OnlyInClassDataTraining
    ClassDataTraining classDataTraining() {
        return new ClassDataTraining();
    }

    @Bean
    @ConditionalOnMissingBean
    Readiness readiness() {
        return new Readiness();
    }

    @Bean
    ShutdownWatchdog shutdownWatchdog(@Value("${shop.shutdown-limit:8s}") Duration limit) {
        return new ShutdownWatchdog(limit);
    }

    @Bean
    @ConditionalOnMissingBean
    GrpcChannels grpcChannels(GrpcServerProperties properties, GrpcTelemetry telemetry) {
        return new GrpcChannels(properties.clientDeadline(), telemetry.createClientInterceptor());
    }

    @Bean
    @ConditionalOnMissingBean
    FeatureFlags featureFlags(
            GrpcChannels channels,
            @Value("${shop.flags.address:}") String address,
            @Value("${shop.flags.cache-ttl:1s}") Duration ttl,
            @Value("${shop.flags.deadline:300ms}") Duration deadline) {
        if (address.isBlank()) {
            return new FeatureFlags(null, ttl, deadline);
        }
        return new FeatureFlags(
                channels.openOnOwnThread("FEATURE_FLAG_GRPC_SERVICE_ADDR", address, "feature-flags"), ttl, deadline);
    }
}
