package boutique.frontend.backend;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code host:port} of each backend, from the reference's {@code *_ADDR} variables (no defaults). */
@ConfigurationProperties("shop.clients")
record BackendAddresses(
        String ad,
        String cart,
        String checkout,
        String currency,
        String productCatalog,
        String recommendation,
        String shipping) {}
