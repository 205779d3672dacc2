package boutique.productcatalog;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.Empty;
import hipstershop.GetProductRequest;
import hipstershop.ListProductsResponse;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.SearchProductsRequest;
import hipstershop.SearchProductsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.ProductCatalogService} rpcs over the {@link Catalog}. */
@Service
class ProductCatalogGrpcService extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {

    static final String FAILURE_FLAG = "productCatalogFailure";
    static final String FLAGGED_PRODUCT = "OLJCESPC7Z";
    /** Longer queries cannot match anything in the catalog; refusing them keeps a search cheap. */
    static final int MAX_QUERY_LENGTH = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ProductCatalogGrpcService.class);

    private final Catalog catalog;
    private final FeatureFlags flags;

    ProductCatalogGrpcService(Catalog catalog, FeatureFlags flags) {
        this.catalog = catalog;
        this.flags = flags;
    }

    @Override
    public void listProducts(Empty request, StreamObserver<ListProductsResponse> responseObserver) {
        responseObserver.onNext(
                ListProductsResponse.newBuilder().addAllProducts(catalog.all()).build());
        responseObserver.onCompleted();
    }

    @Override
    public void getProduct(GetProductRequest request, StreamObserver<Product> responseObserver) {
        String id = request.getId();
        if (FLAGGED_PRODUCT.equals(id) && flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.INTERNAL, "Error: ProductCatalogService Fail Feature Flag Enabled");
        }
        Product product = catalog.find(id).orElseThrow(() -> ShopException.notFound("Product Not Found: " + id));
        log.info("GetProduct id={}", id);
        responseObserver.onNext(product);
        responseObserver.onCompleted();
    }

    @Override
    public void searchProducts(SearchProductsRequest request, StreamObserver<SearchProductsResponse> responseObserver) {
        String query = request.getQuery();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw ShopException.invalidArgument("query must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        responseObserver.onNext(SearchProductsResponse.newBuilder()
                .addAllResults(catalog.search(query))
                .build());
        responseObserver.onCompleted();
    }
}
