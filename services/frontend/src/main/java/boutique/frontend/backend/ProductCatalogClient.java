package boutique.frontend.backend;

import hipstershop.Empty;
import hipstershop.GetProductRequest;
import hipstershop.ListProductsResponse;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ProductCatalogServiceGrpc.ProductCatalogServiceStub;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Calls {@code hipstershop.ProductCatalogService} at {@code PRODUCT_CATALOG_SERVICE_ADDR}. Its calls keep the
 * channels' default deadline (3 s): the catalog answers from memory.
 */
@Component
public class ProductCatalogClient {

    private final ProductCatalogServiceStub stub;

    ProductCatalogClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = ProductCatalogServiceGrpc.newStub(
                channels.open("PRODUCT_CATALOG_SERVICE_ADDR", addresses.productCatalog()));
    }

    public CompletableFuture<List<Product>> listProducts() {
        return Reply.<ListProductsResponse>of(o -> stub.listProducts(Empty.getDefaultInstance(), o))
                .thenApply(ListProductsResponse::getProductsList);
    }

    public CompletableFuture<Product> getProduct(String id) {
        return Reply.of(
                o -> stub.getProduct(GetProductRequest.newBuilder().setId(id).build(), o));
    }
}
