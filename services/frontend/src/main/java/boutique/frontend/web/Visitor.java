package boutique.frontend.web;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.ResponseCookie;

/**
 * The person browsing the pages: the session id that names their cart and the currency they chose, kept in the
 * cookies {@code shop_session-id} and {@code shop_currency} as Online Boutique does.
 */
record Visitor(String sessionId, String currency) {

    static final String SESSION_COOKIE = "shop_session-id";
    static final String CURRENCY_COOKIE = "shop_currency";
    static final Duration COOKIE_AGE = Duration.ofHours(48);
    static final String DEFAULT_CURRENCY = "USD";

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    static boolean isSessionId(String value) {
        return value != null && SESSION_ID.matcher(value).matches();
    }

    static boolean isCurrencyCode(String value) {
        return value != null && CURRENCY.matcher(value).matches();
    }

    static ResponseCookie sessionCookie(String sessionId) {
        return cookie(SESSION_COOKIE, sessionId);
    }

    static ResponseCookie currencyCookie(String currencyCode) {
        return cookie(CURRENCY_COOKIE, currencyCode);
    }

    private static ResponseCookie cookie(String name, String value) {
        return ResponseCookie.from(name, value)
                .path("/")
                .maxAge(COOKIE_AGE)
                .httpOnly(true)
                .sameSite("Lax")
                .build();
    }
}
