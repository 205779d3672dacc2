package boutique.kit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares, at the lowest precedence, so a service's {@code application.yaml} or the
 * environment can still change them.
 */
final class KitDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            // grpc-netty logs a WARN with a stack trace for every request over the message limit; the client
            // already gets RESOURCE_EXHAUSTED, and a flood of such requests must not flood the log.
            "logging.level.io.grpc.netty.shaded.io.grpc.netty.NettyServerStream", "ERROR",
            "spring.main.banner-mode", "off");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("kit-defaults", DEFAULTS));
    }
}
