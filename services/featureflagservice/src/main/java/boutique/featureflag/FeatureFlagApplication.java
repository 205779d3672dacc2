package boutique.featureflag;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The feature flag service: flags in PostgreSQL, served over gRPC and edited in a small web UI. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeatureFlagApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeatureFlagApplication.class, args);
    }
}
