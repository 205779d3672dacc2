package boutique.frontend;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the frontend: the platform shown in the banner ({@code ENV_PLATFORM}), how long a page waits for
 * its optional sections, the deadline of placing an order, and the delay of the {@code imageSlowLoad} flag.
 */
@ConfigurationProperties("shop.frontend")
record FrontendProperties(
        String platform, Duration optionalDeadline, Duration checkoutDeadline, Duration imageSlowLoadDelay) {

    FrontendProperties {
        platform = platform == null || platform.isBlank() ? "local" : platform;
        optionalDeadline = optionalDeadline == null ? Duration.ofMillis(800) : optionalDeadline;
        checkoutDeadline = checkoutDeadline == null ? Duration.ofSeconds(20) : checkoutDeadline;
        imageSlowLoadDelay = imageSlowLoadDelay == null ? Duration.ofSeconds(5) : imageSlowLoadDelay;
    }
}
