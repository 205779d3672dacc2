package boutique.frontend;

import boutique.kit.FeatureFlags;
import boutique.kit.GrpcChannels;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the backends' channels, the cookies of the pages, the trailing-slash redirect and the slow images. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BackendAddresses.class, FrontendProperties.class})
class FrontendConfiguration implements WebMvcConfigurer {

    private final FeatureFlags flags;
    private final FrontendProperties properties;

    FrontendConfiguration(FeatureFlags flags, FrontendProperties properties) {
        this.flags = flags;
        this.properties = properties;
    }

    @Bean
    ChannelOpener channelOpener(GrpcChannels channels) {
        return (variable, address) -> TraceHeaders.propagate(channels.open(variable, address));
    }

    @Bean
    FilterRegistrationBean<TraceHeaders> traceHeaders() {
        FilterRegistrationBean<TraceHeaders> registration = new FilterRegistrationBean<>(new TraceHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TrailingSlashRedirect> trailingSlashRedirect() {
        FilterRegistrationBean<TrailingSlashRedirect> registration =
                new FilterRegistrationBean<>(new TrailingSlashRedirect());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new VisitorResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SlowImages(flags, properties.imageSlowLoadDelay()))
                .addPathPatterns("/images/products/**");
    }
}
