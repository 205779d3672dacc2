package boutique.cart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the cart store: Redis when {@code REDIS_ADDR} is set and answers at start, memory otherwise. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CartProperties.class)
class CartStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CartStoreConfiguration.class);

    @Bean
    CartStore cartStore(CartProperties properties) {
        if (properties.redisAddr().isEmpty()) {
            log.warn("REDIS_ADDR is not set: carts are kept IN MEMORY and are lost when the cart service stops");
            return new InMemoryCartStore();
        }
        RedisCartStore redis = new RedisCartStore(properties);
        if (!redis.isReachable()) {
            redis.close();
            log.warn(
                    "Redis at REDIS_ADDR={} does not answer: carts are kept IN MEMORY for the life of this process "
                            + "and are lost when it stops; restart the cart service once Redis is up",
                    properties.redisAddr());
            return new InMemoryCartStore();
        }
        log.info("carts are kept in Redis at {}", properties.redisAddr());
        return redis;
    }
}
