package boutique.frontend.web;

import boutique.frontend.FrontendProperties;
import boutique.kit.FeatureFlags;
import java.util.List;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the web layer: the request body bound first of all (just after the kit's telemetry filter, which reads
 * no body), then the trailing-slash redirect; the cookies of the pages; the slow images; the route on each
 * request's server span; and Tomcat's own refusals, answered as JSON.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final FeatureFlags flags;
    private final FrontendProperties properties;

    WebConfiguration(FeatureFlags flags, FrontendProperties properties) {
        this.flags = flags;
        this.properties = properties;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(ErrorReplies replies) {
        RequestBodyLimit limit = new RequestBodyLimit(
                Math.toIntExact(properties.maxRequestBody().toBytes()), properties.requestBodyTimeout(), replies);
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(limit);
        // After the kit's telemetry filter (HIGHEST_PRECEDENCE + 1): the server span covers the body's arrival.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TrailingSlashRedirect> trailingSlashRedirect() {
        FilterRegistrationBean<TrailingSlashRedirect> registration =
                new FilterRegistrationBean<>(new TrailingSlashRedirect());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /**
     * Tomcat answers {@code Expect: 100-continue} only when the body is first read, not before the request
     * reaches the application: so a client that asks first is refused (413) before it sends an oversized body.
     */
    @Bean
    TomcatConnectorCustomizer continueOnlyWhenTheBodyIsRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }

    /**
     * After a 413, Tomcat closes the connection instead of reading the rest of the body first (up to
     * {@code server.tomcat.max-swallow-size}, at whatever pace the client sends it, on one of its threads).
     */
    @Bean
    TomcatContextCustomizer neverReadARefusedBody() {
        return context -> context.setSwallowAbortedUploads(false);
    }

    /**
     * Puts {@link TomcatErrorsAsJson} in place of the error report valve that Spring Boot adds to Tomcat's host.
     * It runs last, after Boot's own customizer has added its valve.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatErrorsAsJson() {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new TomcatErrorsAsJson());
            // Else the host adds its default valve when it starts, one that shows stack traces.
            host.setErrorReportValveClass(TomcatErrorsAsJson.class.getName());
        });
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new VisitorResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HttpRouteOnSpan());
        registry.addInterceptor(new SlowImages(flags, properties.imageSlowLoadDelay()))
                .addPathPatterns("/images/products/**");
    }
}
