package boutique.checkout;

import hipstershop.GetProductRequest;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ProductCatalogServiceGrpc.ProductCatalogServiceBlockingStub;
import io.grpc.Channel;

/** The product catalog service, as checkout uses it. */
final class ProductCatalogClient {

    private final ProductCatalogServiceBlockingStub stub;

    ProductCatalogClient(Channel channel) {
        this.stub = ProductCatalogServiceGrpc.newBlockingStub(channel);
    }

    Product getProduct(String id) {
        return stub.getProduct(GetProductRequest.newBuilder().setId(id).build());
    }
}
