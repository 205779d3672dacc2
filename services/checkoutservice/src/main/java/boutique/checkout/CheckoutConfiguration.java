package boutique.checkout;

import boutique.kit.FeatureFlags;
import boutique.kit.GrpcChannels;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One client per downstream service, each on its own channel from the reference's variables. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckoutProperties.class)
class CheckoutConfiguration {

    @Bean
    Checkout checkout(GrpcChannels channels, CheckoutProperties properties, FeatureFlags flags) {
        return new Checkout(
                new CartClient(channels.open("CART_SERVICE_ADDR", properties.cartAddr())),
                new ProductCatalogClient(
                        channels.open("PRODUCT_CATALOG_SERVICE_ADDR", properties.productCatalogAddr())),
                new CurrencyClient(channels.open("CURRENCY_SERVICE_ADDR", properties.currencyAddr())),
                new ShippingClient(channels.open("SHIPPING_SERVICE_ADDR", properties.shippingAddr())),
                new PaymentClient(
                        channels.open("PAYMENT_SERVICE_ADDR", properties.paymentAddr()),
                        channels.open("shop.checkout.unreachable-payment-addr", properties.unreachablePaymentAddr()),
                        flags),
                new EmailClient(properties.emailAddr(), properties.emailTimeout()));
    }
}
