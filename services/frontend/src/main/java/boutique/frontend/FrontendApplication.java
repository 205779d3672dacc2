package boutique.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The shop in a browser and the JSON API of the reference. Its packages are its layers: {@code web} (pages,
 * API, filters, error answers), {@code shop} (what a page or route asks of the backends, composed) and
 * {@code backend} (one gRPC client per backend service).
 */
@SpringBootApplication
@EnableConfigurationProperties(FrontendProperties.class)
public class FrontendApplication {

    public static void main(String[] args) {
        SpringApplication.run(FrontendApplication.class, args);
    }
}
