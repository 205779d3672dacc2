package boutique.shipping;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Shipping quotes (priced by the quote service) and tracking ids, over gRPC. */
@SpringBootApplication
@EnableConfigurationProperties(ShippingProperties.class)
public class ShippingApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShippingApplication.class, args);
    }
}
