package boutique.checkout;

import boutique.kit.FeatureFlags;
import boutique.kit.GrpcChannels;
import boutique.kit.HttpServiceClient;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * One client per downstream service, each on its own channel from the reference's variables; the confirmation
 * mails go out on Spring Boot's task executor.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckoutProperties.class)
class CheckoutConfiguration {

    @Bean
    Checkout checkout(
            GrpcChannels channels,
            CheckoutProperties properties,
            FeatureFlags flags,
            RestClient.Builder restClient,
            OpenTelemetry openTelemetry,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor background) {
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
                new EmailClient(
                        new HttpServiceClient(
                                restClient,
                                "the email service",
                                "EMAIL_SERVICE_ADDR",
                                properties.emailAddr(),
                                properties.emailTimeout(),
                                properties.emailTimeout()),
                        background),
                openTelemetry);
    }
}
