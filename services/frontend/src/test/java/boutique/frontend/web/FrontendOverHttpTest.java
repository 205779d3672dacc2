package boutique.frontend.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole frontend application on a real Tomcat at a random port, its backends replaced by
 * {@link FakeBackends#SHARED}: for what only a real server shows (its limits, connections, slow clients). A
 * body must arrive within 2 s here, so the tests of slow bodies are quick. One context serves every test class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
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
            "shop.frontend.request-body-timeout=2s",
            // Tomcat's wait for a request's next bytes runs out before the body's timeout (both are 5 s in the
            // shop, so either may come first): a stalled body must be a 408 either way.
            "server.tomcat.connection-timeout=1s"
        })
@Import(FrontendTest.Backends.class)
@interface FrontendOverHttpTest {}
