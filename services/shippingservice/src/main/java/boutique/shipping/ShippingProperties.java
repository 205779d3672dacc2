package boutique.shipping;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the shipping service: where the quote service is (the reference's {@code QUOTE_SERVICE_ADDR}, a
 * URL base such as {@code http://quoteservice:8090}), how long a quote call may take, and how long the
 * {@code intlShippingSlowdown} scenario holds an international call.
 */
@ConfigurationProperties("shop.shipping")
record ShippingProperties(
        String quoteAddress, Duration quoteConnectTimeout, Duration quoteTimeout, Duration intlSlowdown) {

    ShippingProperties {
        quoteConnectTimeout = quoteConnectTimeout == null ? Duration.ofSeconds(1) : quoteConnectTimeout;
        quoteTimeout = quoteTimeout == null ? Duration.ofSeconds(2) : quoteTimeout;
        intlSlowdown = intlSlowdown == null ? Duration.ofSeconds(5) : intlSlowdown;
    }
}
