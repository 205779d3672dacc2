package boutique.recommendation;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.ListRecommendationsRequest;
import hipstershop.ListRecommendationsResponse;
import hipstershop.RecommendationServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.RecommendationService} rpc: other products from the catalog, chosen at random. */
@Service
class RecommendationGrpcService extends RecommendationServiceGrpc.RecommendationServiceImplBase {

    static final String CACHE_FLAG = "recommendationCache";
    /** The catalog has nine products; even one character per entry, all of them fit in a few hundred. */
    static final int MAX_PRODUCT_IDS = 1_000;

    static final int MAX_PRODUCT_ID_CHARS = 10_000;
    /** User ids are session UUIDs; the id is not used, only logged, so a huge one is refused. */
    static final int MAX_USER_ID_LENGTH = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RecommendationGrpcService.class);

    private final ProductCatalogClient catalog;
    private final LeakyProductCache cache;
    private final FeatureFlags flags;

    RecommendationGrpcService(ProductCatalogClient catalog, LeakyProductCache cache, FeatureFlags flags) {
        this.catalog = catalog;
        this.cache = cache;
        this.flags = flags;
    }

    @Override
    public void listRecommendations(
            ListRecommendationsRequest request, StreamObserver<ListRecommendationsResponse> responseObserver) {
        check(request);
        Set<String> excluded = Recommendations.excludedIds(request.getProductIdsList());
        Collection<String> candidates =
                flags.isOn(CACHE_FLAG) ? cache.productIds(catalog::listProductIds) : catalog.listProductIds();
        List<String> recommended = Recommendations.choose(candidates, excluded);
        log.info(
                "ListRecommendations user_id={} product_ids={} recommended={}",
                request.getUserId(),
                request.getProductIdsCount(),
                recommended);
        responseObserver.onNext(ListRecommendationsResponse.newBuilder()
                .addAllProductIds(recommended)
                .build());
        responseObserver.onCompleted();
    }

    private static void check(ListRecommendationsRequest request) {
        if (request.getUserId().length() > MAX_USER_ID_LENGTH) {
            throw ShopException.invalidArgument("user_id must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
        if (request.getProductIdsCount() > MAX_PRODUCT_IDS) {
            throw ShopException.invalidArgument("product_ids must hold at most " + MAX_PRODUCT_IDS + " entries");
        }
        if (request.getProductIdsList().stream().mapToInt(String::length).sum() > MAX_PRODUCT_ID_CHARS) {
            throw ShopException.invalidArgument(
                    "product_ids must hold at most " + MAX_PRODUCT_ID_CHARS + " characters in all");
        }
    }
}
