package boutique.frontend.backend;

import hipstershop.ListRecommendationsRequest;
import hipstershop.ListRecommendationsResponse;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.RecommendationServiceGrpc.RecommendationServiceStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.RecommendationService} at {@code RECOMMENDATION_SERVICE_ADDR}. */
@Component
public class RecommendationClient {

    private final RecommendationServiceStub stub;

    RecommendationClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = RecommendationServiceGrpc.newStub(
                channels.open("RECOMMENDATION_SERVICE_ADDR", addresses.recommendation()));
    }

    /**
     * Ids of products to suggest; {@code excluded} goes out as one entry per id. The caller gives the deadline,
     * as suggestions are an optional part of a page.
     */
    public CompletableFuture<List<String>> listRecommendations(
            String userId, List<String> excluded, Duration deadline) {
        ListRecommendationsRequest request = ListRecommendationsRequest.newBuilder()
                .setUserId(userId)
                .addAllProductIds(excluded)
                .build();
        return Reply.<ListRecommendationsResponse>of(
                        o -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                                .listRecommendations(request, o))
                .thenApply(ListRecommendationsResponse::getProductIdsList);
    }
}
