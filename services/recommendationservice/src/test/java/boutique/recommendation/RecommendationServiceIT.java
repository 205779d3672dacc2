package boutique.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.CatalogProducts;
import boutique.kit.testing.ServiceProcess;
import hipstershop.ListRecommendationsRequest;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recommendation service and the product catalog as real processes, called over TCP the way the frontend
 * calls them. Needs productcatalogservice built ({@code install}) first.
 */
class RecommendationServiceIT {

    private static ServiceProcess catalog;
    private static ServiceProcess recommendation;
    private static ManagedChannel channel;
    private static RecommendationServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        int catalogPort = ServiceProcess.freePort();
        catalog = ServiceProcess.startGrpc(
                "productcatalogservice",
                catalogPort,
                Map.of(
                        "PRODUCT_CATALOG_SERVICE_PORT",
                        String.valueOf(catalogPort),
                        "FEATURE_FLAG_GRPC_SERVICE_ADDR",
                        ""));
        int port = ServiceProcess.freePort();
        recommendation = ServiceProcess.startGrpc(
                "recommendationservice",
                port,
                Map.of(
                        "RECOMMENDATION_SERVICE_PORT",
                        String.valueOf(port),
                        "PRODUCT_CATALOG_SERVICE_ADDR",
                        "127.0.0.1:" + catalogPort,
                        "FEATURE_FLAG_GRPC_SERVICE_ADDR",
                        ""));
        channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        stub = RecommendationServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (recommendation != null) {
            recommendation.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    private static List<String> recommend(String... productIds) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .listRecommendations(ListRecommendationsRequest.newBuilder()
                        .setUserId("it-user")
                        .addAllProductIds(List.of(productIds))
                        .build())
                .getProductIdsList();
    }

    @Test
    void listRecommendations_noIds_returnsFiveDistinctCatalogIds() {
        List<String> answer = recommend();
        assertThat(answer).hasSize(5).doesNotHaveDuplicates();
        assertThat(CatalogProducts.IDS).containsAll(answer);
    }

    @Test
    void listRecommendations_sixIdsAsAList_returnsExactlyTheOtherThree() {
        assertThat(recommend("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0"))
                .containsExactlyInAnyOrder("LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ");
    }

    @Test
    void listRecommendations_commaJoinedAndCharacterForms_excludeTheirIds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<String> joined = recommend("66VCHSJNUP,2ZYFJ3GM2N,LS4PSXUNUM");
            assertThat(joined).hasSize(5).doesNotContain("66VCHSJNUP", "2ZYFJ3GM2N", "LS4PSXUNUM");
            assertThat(recommend("O", "L", "J", "C", "E", "S", "P", "C", "7", "Z"))
                    .hasSize(5)
                    .doesNotContain("OLJCESPC7Z");
            seen.addAll(joined);
        }
        assertThat(seen).as("every one of the six others turns up").hasSize(6);
    }

    @Test
    void listRecommendations_allNineGiven_returnsNothing() {
        assertThat(recommend(CatalogProducts.IDS.toArray(String[]::new))).isEmpty();
    }

    @Test
    void listRecommendations_tooManyIds_isInvalidArgument() {
        String[] ids = new String[1_001];
        Arrays.fill(ids, "OLJCESPC7Z");
        assertThatThrownBy(() -> recommend(ids)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("product_ids must hold at most 1000 entries");
        });
    }

    @Test
    void listRecommendations_catalogNotListening_isUnavailable() throws InterruptedException {
        int port = ServiceProcess.freePort();
        try (ServiceProcess orphan = ServiceProcess.startGrpc(
                "recommendationservice",
                port,
                Map.of(
                        "RECOMMENDATION_SERVICE_PORT",
                        String.valueOf(port),
                        "PRODUCT_CATALOG_SERVICE_ADDR",
                        "127.0.0.1:" + ServiceProcess.freePort(),
                        "FEATURE_FLAG_GRPC_SERVICE_ADDR",
                        ""))) {
            ManagedChannel toOrphan = NettyChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            try {
                assertThatThrownBy(() -> RecommendationServiceGrpc.newBlockingStub(toOrphan)
                                .withDeadlineAfter(5, TimeUnit.SECONDS)
                                .listRecommendations(ListRecommendationsRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                            assertThat(e.getStatus().getDescription())
                                    .startsWith("failed to list products from the catalog: ");
                        });
                assertThat(orphan.isAlive()).isTrue();
            } finally {
                toOrphan.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void start_withoutCatalogAddress_stopsNamingTheVariable() {
        int port = ServiceProcess.freePort();
        assertThatThrownBy(() -> ServiceProcess.startGrpc(
                        "recommendationservice",
                        port,
                        Map.of(
                                "RECOMMENDATION_SERVICE_PORT",
                                String.valueOf(port),
                                "PRODUCT_CATALOG_SERVICE_ADDR",
                                "")))
                .hasMessageContaining("exited")
                .hasMessageContaining("PRODUCT_CATALOG_SERVICE_ADDR");
    }
}
