package boutique.frontend.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a path with a trailing slash with 308 to the same path without it, query kept, as the reference's
 * framework does: the load generator calls {@code /api/recommendations/} and {@code /api/data/}.
 */
class TrailingSlashRedirect extends OncePerRequestFilter {

    /** A request with a body reaches the handlers in an asynchronous dispatch, after {@link RequestBodyLimit}. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.length() <= 1 || !path.endsWith("/")) {
            chain.doFilter(request, response);
            return;
        }
        // Strip every trailing slash, and never produce "//host", which a browser would read as another site.
        String target = "/" + path.replaceAll("^/+", "").replaceAll("/+$", "");
        String query = request.getQueryString();
        response.setStatus(308);
        response.setHeader(HttpHeaders.LOCATION, query == null ? target : target + "?" + query);
    }
}
