package boutique.recommendation;

import boutique.kit.testing.CatalogProducts;
import hipstershop.Empty;
import hipstershop.ListProductsResponse;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process product catalog with the shop's nine ids, counting ListProducts calls; it can be made to fail. */
class FakeProductCatalog extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {

    static final List<String> IDS = CatalogProducts.IDS;

    final AtomicInteger listCalls = new AtomicInteger();
    private volatile Status failure;
    private volatile boolean silent;

    void failWith(Status status) {
        failure = status;
    }

    /** From now on ListProducts never answers, like a catalog that hangs. */
    void neverAnswer() {
        silent = true;
    }

    @Override
    public void listProducts(Empty request, StreamObserver<ListProductsResponse> responseObserver) {
        listCalls.incrementAndGet();
        if (silent) {
            return;
        }
        if (failure != null) {
            responseObserver.onError(failure.asRuntimeException());
            return;
        }
        ListProductsResponse.Builder response = ListProductsResponse.newBuilder();
        IDS.forEach(id -> response.addProducts(Product.newBuilder().setId(id).setName("Product " + id)));
        responseObserver.onNext(response.build());
        responseObserver.onCompleted();
    }
}
