package boutique.frontend.web;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names each request's server span by its route ({@code GET /product/{id}}) and sets {@code http.route}, from the
 * pattern Spring MVC matched. The kit's servlet filter, as installed, starts the span with the method only: it
 * never learns the handler mappings it would look the route up in.
 */
final class HttpRouteOnSpan implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route) {
            HttpServerRoute.update(Context.current(), HttpServerRouteSource.CONTROLLER, route);
        }
        return true;
    }
}
