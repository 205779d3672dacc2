package boutique.kit.testing;

import io.opentelemetry.api.OpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * For a Spring Boot test ({@code @Import(InMemoryTelemetry.class)}): the service's OpenTelemetry replaced by a
 * {@link TestTelemetry} bean that keeps its spans in memory. The kit's own OpenTelemetry bean steps aside for it,
 * being conditional on no other.
 */
@Configuration(proxyBeanMethods = false)
public class InMemoryTelemetry {

    @Bean
    TestTelemetry testTelemetry() {
        return new TestTelemetry();
    }

    @Bean(destroyMethod = "") // closed with the TestTelemetry
    OpenTelemetry openTelemetry(TestTelemetry telemetry) {
        return telemetry.sdk();
    }
}
