package boutique.frontend.web;

import boutique.frontend.backend.ChannelOpener;
import boutique.kit.FeatureFlags;
import boutique.kit.testing.FakeFlagService;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The whole frontend application behind MockMvc, its seven backends replaced by {@link FakeBackends#SHARED}
 * (in-process gRPC services) and its flags by a {@link FakeFlagService}. One context serves every test class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        properties = {
            "shop.clients.ad=in-process",
            "shop.clients.cart=in-process",
            "shop.clients.checkout=in-process",
            "shop.clients.currency=in-process",
            "shop.clients.product-catalog=in-process",
            "shop.clients.recommendation=in-process",
            "shop.clients.shipping=in-process",
            // These tests look at no telemetry; with the SDK on, its shutdown at the JVM's exit waits for exports
            // to a collector that is not there.
            "otel.sdk.disabled=true",
            "shop.frontend.optional-deadline=300ms",
            "shop.frontend.image-slow-load-delay=600ms",
            "shop.frontend.platform=gcp-platform"
        })
@AutoConfigureMockMvc
@Import(FrontendTest.Backends.class)
@interface FrontendTest {

    FakeFlagService FLAGS = new FakeFlagService();

    @TestConfiguration(proxyBeanMethods = false)
    class Backends {

        @Bean
        @Primary
        ChannelOpener fakeBackends() {
            return FakeBackends.SHARED.opener();
        }

        @Bean
        FeatureFlags featureFlags() {
            return FLAGS.client();
        }
    }
}
