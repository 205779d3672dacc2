package boutique.featureflag;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the UI work behind the shop's proxy as well as on its own port. The proxy strips {@code /feature}
 * and says so in {@code X-Forwarded-Prefix}; taking that prefix as the context path puts it in front of
 * every link, form action, redirect and asset. The proxy's rewrite also leaves a double slash
 * ({@code /feature/} arrives as {@code //}), so runs of slashes count as one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProxyPathFilter extends OncePerRequestFilter {

    static final String PREFIX_HEADER = "X-Forwarded-Prefix";
    /** Only plain path segments: the prefix ends up inside every link, so nothing else may pass. */
    private static final Pattern SAFE_PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private static final Pattern SLASHES = Pattern.compile("/{2,}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String prefix = prefix(request.getHeader(PREFIX_HEADER));
        String uri = request.getRequestURI();
        String path = SLASHES.matcher(uri).replaceAll("/");
        if (prefix.isEmpty() && path.equals(uri)) {
            chain.doFilter(request, response);
            return;
        }
        String contextPath = prefix + request.getContextPath();
        String requestUri = prefix + path;
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getContextPath() {
                        return contextPath;
                    }

                    @Override
                    public String getRequestURI() {
                        return requestUri;
                    }

                    @Override
                    public StringBuffer getRequestURL() {
                        StringBuffer url =
                                new StringBuffer(getScheme()).append("://").append(getServerName());
                        return url.append(':').append(getServerPort()).append(requestUri);
                    }
                },
                response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static String prefix(String header) {
        if (header == null) {
            return "";
        }
        String prefix = header.strip();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return SAFE_PREFIX.matcher(prefix).matches() ? prefix : "";
    }
}
