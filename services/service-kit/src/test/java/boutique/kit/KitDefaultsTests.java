package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KitDefaultsTests {

    private static final String NETTY_STREAM_LEVEL =
            "logging.level.io.grpc.netty.shaded.io.grpc.netty.NettyServerStream";

    @Test
    void defaults_applyWhenNothingElseSetsThem() {
        StandardEnvironment environment = new StandardEnvironment();

        new KitDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(NETTY_STREAM_LEVEL)).isEqualTo("ERROR");
    }

    @Test
    void serviceSettings_winOverTheDefaults() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service", Map.of(NETTY_STREAM_LEVEL, "WARN")));

        new KitDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(NETTY_STREAM_LEVEL)).isEqualTo("WARN");
    }
}
