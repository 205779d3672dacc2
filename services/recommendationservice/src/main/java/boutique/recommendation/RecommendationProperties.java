package boutique.recommendation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the recommendation service: where the product catalog is (the reference's
 * {@code PRODUCT_CATALOG_SERVICE_ADDR}, host:port) and how many ids the {@code recommendationCache} scenario
 * may pile up before it stops growing.
 */
@ConfigurationProperties("shop.recommendation")
record RecommendationProperties(String productCatalogAddress, Integer cacheLimit) {

    RecommendationProperties {
        cacheLimit = cacheLimit == null ? LeakyProductCache.DEFAULT_LIMIT : cacheLimit;
    }
}
