package boutique.cart;

import boutique.kit.Readiness;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Chooses the cart store: Redis whenever {@code REDIS_ADDR} is set, answering or not (the service then reports
 * NOT_SERVING until it answers, and never keeps a cart anywhere else); memory only when it is blank.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CartProperties.class)
@EnableScheduling // Spring Boot then provides the TaskScheduler that runs the Redis check.
class CartStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CartStoreConfiguration.class);

    @Bean
    CartStore cartStore(
            CartProperties properties, Readiness readiness, TaskScheduler scheduler, OpenTelemetry openTelemetry) {
        if (properties.redisAddr().isEmpty()) {
            log.warn("REDIS_ADDR is not set: carts are kept IN MEMORY and are lost when the cart service stops");
            return new InMemoryCartStore();
        }
        log.info(
                "carts are kept in Redis at {}; each expires {} minutes after its last change",
                properties.redisAddr(),
                properties.expiry().toMinutes());
        RedisCartStore redis = new RedisCartStore(properties, readiness, openTelemetry);
        redis.check();
        redis.checkEvery(scheduler, properties.redisCheckInterval());
        return redis;
    }
}
