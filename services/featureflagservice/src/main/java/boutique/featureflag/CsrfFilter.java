package boutique.featureflag;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every state-changing request whose {@code _csrf} form field does not match the token kept in the
 * visitor's session, so another site cannot switch flags through a visitor's browser. The forms carry the
 * token; reading pages never needs it. Spring Security would do the same at many times the start-up cost.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CsrfFilter extends OncePerRequestFilter {

    static final String PARAMETER = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String REFUSED =
            "Forbidden: this form's security token is missing or out of date." + " Reload the page and try again.";
    private static final String SESSION_KEY = CsrfFilter.class.getName() + ".token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final SecureRandom random = new SecureRandom();

    /** The session's token, made on first use. */
    static String tokenFor(HttpSession session) {
        Object token = session.getAttribute(SESSION_KEY);
        if (token instanceof String existing) {
            return existing;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(SESSION_KEY, created);
        return created;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(REFUSED);
    }

    private static boolean matches(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(SESSION_KEY);
        String sent = request.getParameter(PARAMETER);
        if (sent == null) {
            sent = request.getHeader(HEADER);
        }
        return expected instanceof String token
                && sent != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
