package boutique.recommendation;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.ListRecommendationsRequest;
import hipstershop.ListRecommendationsResponse;
import hipstershop.RecommendationServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.RecommendationService} rpc: other products from the catalog, chosen at random. Its server
 * span carries the reference's {@code app.*} counts, and {@code app_recommendations_counter} counts the products
 * recommended.
 */
@Service
class RecommendationGrpcService extends RecommendationServiceGrpc.RecommendationServiceImplBase {

    static final String CACHE_FLAG = "recommendationCache";
    /** The catalog has nine products; even one character per entry, all of them fit in a few hundred. */
    static final int MAX_PRODUCT_IDS = 1_000;

    static final int MAX_PRODUCT_ID_CHARS = 10_000;
    /** User ids are session UUIDs; the id is not used, only logged, so a huge one is refused. */
    static final int MAX_USER_ID_LENGTH = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RecommendationGrpcService.class);

    static final AttributeKey<Long> RECOMMENDED_COUNT = AttributeKey.longKey("app.products_recommended.count");
    static final AttributeKey<Long> PRODUCTS_COUNT = AttributeKey.longKey("app.products.count");
    static final AttributeKey<Long> FILTERED_COUNT = AttributeKey.longKey("app.filtered_products.count");
    /** The reference names the recommended ids so (a sample of the filtered products). */
    static final AttributeKey<List<String>> FILTERED_LIST = AttributeKey.stringArrayKey("app.filtered_products.list");

    static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("app.cache_hit");
    private static final Attributes CATALOG = Attributes.of(AttributeKey.stringKey("recommendation.type"), "catalog");

    private final ProductCatalogClient catalog;
    private final LeakyProductCache cache;
    private final FeatureFlags flags;
    private final LongCounter recommendationsCounter;

    RecommendationGrpcService(
            ProductCatalogClient catalog, LeakyProductCache cache, FeatureFlags flags, OpenTelemetry openTelemetry) {
        this.catalog = catalog;
        this.cache = cache;
        this.flags = flags;
        this.recommendationsCounter = openTelemetry
                .getMeter("recommendationservice")
                .counterBuilder("app_recommendations_counter")
                .setDescription("Counts the products recommended")
                .build();
    }

    @Override
    public void listRecommendations(
            ListRecommendationsRequest request, StreamObserver<ListRecommendationsResponse> responseObserver) {
        check(request);
        Set<String> excluded = Recommendations.excludedIds(request.getProductIdsList());
        Span span = Span.current();
        Collection<String> candidates;
        if (flags.isOn(CACHE_FLAG)) {
            LeakyProductCache.Lookup lookup = cache.productIds(catalog::listProductIds);
            candidates = lookup.productIds();
            // The entries, repeats included, as the reference counts them: the number the leak makes grow.
            span.setAttribute(PRODUCTS_COUNT, lookup.entries());
            span.setAttribute(CACHE_HIT, lookup.hit());
        } else {
            candidates = catalog.listProductIds();
            span.setAttribute(PRODUCTS_COUNT, candidates.size());
        }
        List<String> eligible = Recommendations.eligible(candidates, excluded);
        List<String> recommended = Recommendations.choose(eligible);
        span.setAttribute(FILTERED_COUNT, eligible.size());
        span.setAttribute(FILTERED_LIST, recommended);
        span.setAttribute(RECOMMENDED_COUNT, recommended.size());
        recommendationsCounter.add(recommended.size(), CATALOG);
        log.debug(
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
