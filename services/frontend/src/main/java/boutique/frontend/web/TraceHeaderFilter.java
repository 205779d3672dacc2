package boutique.frontend.web;

import boutique.frontend.backend.TraceHeaders;
import io.grpc.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the W3C trace headers of an HTTP request ({@link TraceHeaders#NAMES}) into the gRPC context for the
 * request's backend calls, so that the load generator's traces continue through the shop. A value that is not
 * printable ASCII, or longer than 4096 characters, is not passed on.
 */
final class TraceHeaderFilter extends OncePerRequestFilter {

    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,4096}");

    /** A request with a body reaches the handlers in an asynchronous dispatch, after {@link RequestBodyLimit}. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : TraceHeaders.NAMES) {
            String value = request.getHeader(name);
            if (value != null && PRINTABLE.matcher(value).matches()) {
                found.put(name, value);
            }
        }
        if (found.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Context withHeaders = TraceHeaders.carrying(found);
        Context previous = withHeaders.attach();
        try {
            chain.doFilter(request, response);
        } finally {
            withHeaders.detach(previous);
        }
    }
}
