package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A service may start lazily (the flag service does, to be ready sooner); the kit's beans that nobody asks for
 * still have to exist: the shutdown bound, the JVM metrics, the log export and the SDK's flush on shutdown.
 */
class LazyServiceTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({KitTelemetryAutoConfiguration.class, KitAutoConfiguration.class})
    static class LazyService {}

    @Test
    void aLazyService_stillGetsTheBeansThatWorkByExisting() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LazyService.class)
                .web(WebApplicationType.NONE)
                .lazyInitialization(true)
                .properties("otel.sdk.disabled=true", "spring.main.banner-mode=off")
                .run()) {
            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            for (Class<?> type : new Class<?>[] {
                ShutdownWatchdog.class, RuntimeTelemetry.class, KitTelemetryAutoConfiguration.LogbackTelemetry.class
            }) {
                String[] names = beans.getBeanNamesForType(type, false, false);
                assertThat(names).as(type.getSimpleName()).isNotEmpty();
                assertThat(names).as(type.getSimpleName() + " created at start").allMatch(beans::containsSingleton);
            }
            assertThat(beans.containsSingleton("openTelemetryShutdown")).isTrue();
        }
    }
}
