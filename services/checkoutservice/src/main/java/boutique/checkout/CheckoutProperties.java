package boutique.checkout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The addresses of the six services an order passes through (the reference's {@code *_ADDR} variables; the
 * email one is a URL base), how long the confirmation mail may take, and the address payment is sent to while
 * the {@code paymentServiceUnreachable} flag fires.
 */
@ConfigurationProperties("shop.checkout")
record CheckoutProperties(
        String cartAddr,
        String productCatalogAddr,
        String currencyAddr,
        String shippingAddr,
        String paymentAddr,
        String emailAddr,
        Duration emailTimeout,
        String unreachablePaymentAddr) {

    CheckoutProperties {
        emailTimeout = emailTimeout == null ? Duration.ofSeconds(2) : emailTimeout;
        unreachablePaymentAddr = unreachablePaymentAddr == null || unreachablePaymentAddr.isBlank()
                ? "127.0.0.1:1"
                : unreachablePaymentAddr;
    }
}
