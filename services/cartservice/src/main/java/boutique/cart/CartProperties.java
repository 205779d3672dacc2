package boutique.cart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the carts are kept: the Redis at {@code redisAddr} ("host:port", from {@code REDIS_ADDR}; blank keeps
 * them in memory); how long one Redis command may take, so an outage fails a call within a second; how often
 * Redis is pinged to report the service's health; and how long a cart lives after its last change.
 */
@ConfigurationProperties("shop.cart")
record CartProperties(
        String redisAddr,
        Duration redisConnectTimeout,
        Duration redisCommandTimeout,
        Duration redisCheckInterval,
        Duration expiry) {

    CartProperties {
        redisAddr = redisAddr == null ? "" : redisAddr.trim();
        redisConnectTimeout = redisConnectTimeout == null ? Duration.ofMillis(300) : redisConnectTimeout;
        redisCommandTimeout = redisCommandTimeout == null ? Duration.ofMillis(500) : redisCommandTimeout;
        redisCheckInterval = redisCheckInterval == null ? Duration.ofSeconds(1) : redisCheckInterval;
        // The reference's cart service (from its 1.4.0) gives each cart 60 minutes after its last change.
        expiry = expiry == null ? Duration.ofMinutes(60) : expiry;
    }

    /** Redis at {@code redisAddr}, every other setting at its default. */
    static CartProperties of(String redisAddr) {
        return new CartProperties(redisAddr, null, null, null, null);
    }
}
