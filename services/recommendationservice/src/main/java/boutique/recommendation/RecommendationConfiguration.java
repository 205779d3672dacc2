package boutique.recommendation;

import boutique.kit.GrpcChannels;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the catalog client to {@code PRODUCT_CATALOG_SERVICE_ADDR} and sizes the scenario's cache. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecommendationProperties.class)
class RecommendationConfiguration {

    @Bean
    ProductCatalogClient productCatalogClient(GrpcChannels channels, RecommendationProperties properties) {
        return new ProductCatalogClient(
                channels.open("PRODUCT_CATALOG_SERVICE_ADDR", properties.productCatalogAddress()));
    }

    @Bean
    LeakyProductCache leakyProductCache(RecommendationProperties properties) {
        return new LeakyProductCache(properties.cacheLimit());
    }
}
