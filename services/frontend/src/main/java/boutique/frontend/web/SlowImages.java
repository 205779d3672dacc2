package boutique.frontend.web;

import boutique.kit.FeatureFlags;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.web.servlet.HandlerInterceptor;

/** The {@code imageSlowLoad} scenario: while the flag fires, a product image is served only after a delay. */
class SlowImages implements HandlerInterceptor {

    static final String FLAG = "imageSlowLoad";

    private final FeatureFlags flags;
    private final Duration delay;

    SlowImages(FeatureFlags flags, Duration delay) {
        this.flags = flags;
        this.delay = delay;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        if (flags.isOn(FLAG)) {
            Thread.sleep(delay.toMillis());
        }
        return true;
    }
}
