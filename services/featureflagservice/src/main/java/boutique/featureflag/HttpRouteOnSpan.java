package boutique.featureflag;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Names each UI request's server span by its route ({@code GET /featureflags/{id}}) and sets {@code http.route},
 * from the pattern Spring MVC matched. The kit's servlet filter, as installed, starts the span with the method only:
 * it never learns the handler mappings it would look the route up in.
 */
@Configuration(proxyBeanMethods = false)
class HttpRouteOnSpan implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route) {
            HttpServerRoute.update(Context.current(), HttpServerRouteSource.CONTROLLER, route);
        }
        return true;
    }
}
