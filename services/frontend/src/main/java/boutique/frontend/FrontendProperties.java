package boutique.frontend;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the frontend: the platform shown in the banner ({@code ENV_PLATFORM}), how long a page waits for
 * its optional sections, the deadline of placing an order, the delay of the {@code imageSlowLoad} flag, and the
 * bounds of a request body: its size, and how long it may take to arrive.
 */
@ConfigurationProperties("shop.frontend")
public record FrontendProperties(
        String platform,
        Duration optionalDeadline,
        Duration checkoutDeadline,
        Duration imageSlowLoadDelay,
        DataSize maxRequestBody,
        Duration requestBodyTimeout) {

    public FrontendProperties {
        platform = platform == null || platform.isBlank() ? "local" : platform;
        optionalDeadline = optionalDeadline == null ? Duration.ofMillis(800) : optionalDeadline;
        checkoutDeadline = checkoutDeadline == null ? Duration.ofSeconds(20) : checkoutDeadline;
        imageSlowLoadDelay = imageSlowLoadDelay == null ? Duration.ofSeconds(5) : imageSlowLoadDelay;
        maxRequestBody = maxRequestBody == null ? DataSize.ofKilobytes(16) : maxRequestBody;
        requestBodyTimeout = requestBodyTimeout == null ? Duration.ofSeconds(5) : requestBodyTimeout;
    }
}
