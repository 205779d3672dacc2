package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ScratchDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The UI's Spring MVC is built by its first page view, not on the way to SERVING, and then serves as before. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UiOnFirstViewIT {

    private static ScratchDatabase scratch;

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        scratch = StoreFixture.scratchDatabaseFor(registry, "ffs_ui_first_view");
    }

    @AfterAll
    static void drop() {
        scratch.close();
    }

    @Test
    void startedService_hasNoHandlerMappingsYet_andTheFirstViewBuildsAndServesThem() throws Exception {
        var beans = context.getBeanFactory();
        assertThat(beans.containsSingleton("requestMappingHandlerMapping")).isFalse();
        assertThat(beans.containsSingleton("jacksonJsonMapper")).isFalse();

        assertThat(get("/featureflags").statusCode()).isEqualTo(200);
        assertThat(get("/featureflags").body()).contains("productCatalogFailure");
        assertThat(get("/robots.txt").statusCode()).isEqualTo(200);
        assertThat(beans.containsSingleton("requestMappingHandlerMapping")).isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
