package boutique.cart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the carts are kept: the Redis at {@code redisAddr} ("host:port", from {@code REDIS_ADDR}; blank keeps
 * them in memory), and how long one Redis command may take, so an outage fails a call within a second.
 */
@ConfigurationProperties("shop.cart")
record CartProperties(String redisAddr, Duration redisConnectTimeout, Duration redisCommandTimeout) {

    CartProperties {
        redisAddr = redisAddr == null ? "" : redisAddr.trim();
        redisConnectTimeout = redisConnectTimeout == null ? Duration.ofMillis(300) : redisConnectTimeout;
        redisCommandTimeout = redisCommandTimeout == null ? Duration.ofMillis(500) : redisCommandTimeout;
    }
}
