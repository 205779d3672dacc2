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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.ProductCatalogService} rpcs over the {@link Catalog}. Each puts the reference's
 * {@code app.product*} attributes on its server span; the failure scenario records its exception there.
 */
@Service
class ProductCatalogGrpcService extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {

    static final String FAILURE_FLAG = "productCatalogFailure";
    static final String FLAGGED_PRODUCT = "OLJCESPC7Z";
    /** Longer queries cannot match anything in the catalog; refusing them keeps a search cheap. */
    static final int MAX_QUERY_LENGTH = 1_000;
    /** The cart refuses product ids longer than this; a longer id is kept off the span (it may be megabytes). */
    static final int MAX_ID_ON_SPAN = 64;

    static final AttributeKey<String> PRODUCT_ID = AttributeKey.stringKey("app.product.id");
    static final AttributeKey<String> PRODUCT_NAME = AttributeKey.stringKey("app.product.name");
    static final AttributeKey<Long> PRODUCTS_COUNT = AttributeKey.longKey("app.products.count");
    static final AttributeKey<Long> SEARCH_COUNT = AttributeKey.longKey("app.products_search.count");

    private static final Logger log = LoggerFactory.getLogger(ProductCatalogGrpcService.class);

    private final Catalog catalog;
    private final FeatureFlags flags;

    ProductCatalogGrpcService(Catalog catalog, FeatureFlags flags) {
        this.catalog = catalog;
        this.flags = flags;
    }

    @Override
    public void listProducts(Empty request, StreamObserver<ListProductsResponse> responseObserver) {
        List<Product> all = catalog.all();
        Span.current().setAttribute(PRODUCTS_COUNT, all.size());
        responseObserver.onNext(
                ListProductsResponse.newBuilder().addAllProducts(all).build());
        responseObserver.onCompleted();
    }

    @Override
    public void getProduct(GetProductRequest request, StreamObserver<Product> responseObserver) {
        String id = request.getId();
        Span span = Span.current();
        if (id.length() <= MAX_ID_ON_SPAN) {
            span.setAttribute(PRODUCT_ID, id);
        }
        if (FLAGGED_PRODUCT.equals(id) && flags.isOn(FAILURE_FLAG)) {
            ShopException failure =
                    new ShopException(Status.Code.INTERNAL, "Error: ProductCatalogService Fail Feature Flag Enabled");
            // The gRPC instrumentation marks INTERNAL as an error too; the exception event keeps the message.
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage());
            throw failure;
        }
        Product product = catalog.find(id).orElseThrow(() -> ShopException.notFound("Product Not Found: " + id));
        span.setAttribute(PRODUCT_NAME, product.getName());
        log.debug("GetProduct id={}", id);
        responseObserver.onNext(product);
        responseObserver.onCompleted();
    }

    @Override
    public void searchProducts(SearchProductsRequest request, StreamObserver<SearchProductsResponse> responseObserver) {
        String query = request.getQuery();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw ShopException.invalidArgument("query must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        List<Product> results = catalog.search(query);
        Span.current().setAttribute(SEARCH_COUNT, results.size());
        responseObserver.onNext(
                SearchProductsResponse.newBuilder().addAllResults(results).build());
        responseObserver.onCompleted();
    }
}
