package boutique.frontend.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives page handlers the {@link Visitor} from the cookies, starting a session (a random UUID in a new cookie)
 * on the first visit. A cookie value of the wrong shape is replaced, never passed on to a backend. The session
 * and the currency go on the request's span.
 */
class VisitorResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Visitor.class;
    }

    @Override
    public Visitor resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String sessionId = cookie(request, Visitor.SESSION_COOKIE);
        String currency = cookie(request, Visitor.CURRENCY_COOKIE);
        if (!Visitor.isSessionId(sessionId)) {
            sessionId = UUID.randomUUID().toString();
            HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
            response.addHeader(
                    HttpHeaders.SET_COOKIE, Visitor.sessionCookie(sessionId).toString());
        }
        Visitor visitor =
                new Visitor(sessionId, Visitor.isCurrencyCode(currency) ? currency : Visitor.DEFAULT_CURRENCY);
        ShopSpan.visitor(visitor);
        return visitor;
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
