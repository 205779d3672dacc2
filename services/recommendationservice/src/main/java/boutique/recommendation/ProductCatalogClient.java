package boutique.recommendation;

import boutique.kit.ShopException;
import hipstershop.Empty;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ProductCatalogServiceGrpc.ProductCatalogServiceBlockingStub;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product catalog as the recommendation service needs it. Calls carry the caller's deadline, or the
 * channel's default one.
 */
class ProductCatalogClient {

    private static final Logger log = LoggerFactory.getLogger(ProductCatalogClient.class);

    private final ProductCatalogServiceBlockingStub stub;

    ProductCatalogClient(Channel channel) {
        this.stub = ProductCatalogServiceGrpc.newBlockingStub(channel);
    }

    /** Every product id, in catalog order; a failure keeps the catalog's status code. */
    List<String> listProductIds() {
        try {
            return stub.listProducts(Empty.getDefaultInstance()).getProductsList().stream()
                    .map(Product::getId)
                    .toList();
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String why = status.getDescription() == null ? status.getCode().name() : status.getDescription();
            log.warn("product catalog ListProducts failed: {} {}", status.getCode(), why);
            throw new ShopException(status.getCode(), "failed to list products from the catalog: " + why);
        }
    }
}
