package boutique.recommendation;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.ListRecommendationsRequest;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecommendationGrpcServiceTests {

    private static final int CACHE_LIMIT = 100_000;

    private TestTelemetry telemetry;
    private FakeProductCatalog catalog;
    private Server catalogServer;
    private ManagedChannel catalogChannel;
    private FakeFlagService flagService;
    private LeakyProductCache cache;
    private InProcessGrpc grpc;
    private RecommendationServiceBlockingStub recommendations;

    @BeforeEach
    void start() throws IOException {
        telemetry = new TestTelemetry();
        catalog = new FakeProductCatalog();
        String catalogName = InProcessServerBuilder.generateName();
        catalogServer = telemetry.serveOnItsOwnThreads(catalog, catalogName);
        catalogChannel = InProcessChannelBuilder.forName(catalogName).build();
        flagService = new FakeFlagService().set("recommendationCache", 0);
        cache = new LeakyProductCache(CACHE_LIMIT);
        grpc = telemetry.serve(new RecommendationGrpcService(
                new ProductCatalogClient(telemetry.traced(catalogChannel)),
                cache,
                flagService.client(),
                telemetry.sdk()));
        recommendations = RecommendationServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        catalogChannel.shutdownNow();
        catalogServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        telemetry.close();
    }

    private List<String> recommend(List<String> productIds) {
        return recommendations
                .listRecommendations(ListRecommendationsRequest.newBuilder()
                        .setUserId("user-1")
                        .addAllProductIds(productIds)
                        .build())
                .getProductIdsList();
    }

    /**
     * Ids given as separate entries, comma-joined in one entry, split into characters, or not in the catalog:
     * excluded ids never come back, and the count is min(5, the rest).
     */
    @ParameterizedTest(name = "ListRecommendations({0}) excludes {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "                                                          | ",
                "OLJCESPC7Z                                                | OLJCESPC7Z",
                "66VCHSJNUP,2ZYFJ3GM2N,LS4PSXUNUM                          | 66VCHSJNUP,2ZYFJ3GM2N,LS4PSXUNUM",
                "OLJCESPC7Z;66VCHSJNUP;1YMWWN1N4O;L9ECAV7KIM;2ZYFJ3GM2N;0PUK6V6EV0 "
                        + "| OLJCESPC7Z,66VCHSJNUP,1YMWWN1N4O,L9ECAV7KIM,2ZYFJ3GM2N,0PUK6V6EV0",
                "9SIQT8TOJO;6E92ZMYYFZ;NOTANID0000                         | 9SIQT8TOJO,6E92ZMYYFZ",
                "OLJCESPC7Z;66VCHSJNUP;1YMWWN1N4O;L9ECAV7KIM;2ZYFJ3GM2N;0PUK6V6EV0;LS4PSXUNUM;9SIQT8TOJO;6E92ZMYYFZ "
                        + "| OLJCESPC7Z,66VCHSJNUP,1YMWWN1N4O,L9ECAV7KIM,2ZYFJ3GM2N,"
                        + "0PUK6V6EV0,LS4PSXUNUM,9SIQT8TOJO,6E92ZMYYFZ",
                "O;L;J;C;E;S;P;C;7;Z                                       | OLJCESPC7Z",
                "L;9;E;C;A;V;7;K;I;M;,;6;E;9;2;Z;M;Y;Y;F;Z                 | L9ECAV7KIM,6E92ZMYYFZ",
                "9SIQT8TOJO,; ;;OLJCESPC7Z,6E92ZMYYFZ                      | 9SIQT8TOJO,OLJCESPC7Z,6E92ZMYYFZ",
                "OLJCESPC7Z;66VCHSJNUP,2ZYFJ3GM2N;1YMWWN1N4O,L9ECAV7KIM    "
                        + "| OLJCESPC7Z,66VCHSJNUP,2ZYFJ3GM2N,1YMWWN1N4O,L9ECAV7KIM",
            })
    void listRecommendations_leavesOutGivenIdsInEitherForm(String given, String excluded) {
        List<String> productIds = given == null ? List.of() : Arrays.asList(given.split(";", -1));
        Set<String> left = new HashSet<>(FakeProductCatalog.IDS);
        if (excluded != null) {
            left.removeAll(Arrays.asList(excluded.split(",")));
        }
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> answer = recommend(productIds);
            assertThat(answer).doesNotHaveDuplicates().hasSize(Math.min(5, left.size()));
            assertThat(left).containsAll(answer);
            orders.add(answer);
        }
        if (left.size() > 1) {
            assertThat(orders).as("random choice and order").hasSizeGreaterThan(1);
        }
    }

    @Test
    void listRecommendations_threeLeft_returnsExactlyThoseThree() {
        List<String> answer =
                recommend(List.of("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0"));
        assertThat(answer).containsExactlyInAnyOrder("LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ");
    }

    @Test
    void listRecommendations_userIdHasNoEffect_andMayBeEmpty() {
        ListRecommendationsRequest anonymous = ListRecommendationsRequest.newBuilder()
                .addProductIds("OLJCESPC7Z")
                .build();
        assertThat(recommendations.listRecommendations(anonymous).getProductIdsList())
                .hasSize(5)
                .doesNotContain("OLJCESPC7Z");
    }

    @Test
    void listRecommendations_catalogFails_keepsItsStatusCode() {
        catalog.failWith(Status.UNAVAILABLE.withDescription("catalog is down"));
        assertFails(List.of(), Status.Code.UNAVAILABLE, "failed to list products from the catalog: catalog is down");
        catalog.failWith(Status.DEADLINE_EXCEEDED.withDescription("too slow"));
        assertFails(List.of(), Status.Code.DEADLINE_EXCEEDED, "failed to list products from the catalog: too slow");
        catalog.failWith(Status.NOT_FOUND);
        assertFails(List.of(), Status.Code.NOT_FOUND, "failed to list products from the catalog: NOT_FOUND");
    }

    @Test
    void listRecommendations_catalogHangs_failsAtTheCallersDeadline() {
        catalog.neverAnswer();
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThatThrownBy(() -> recommendations
                                .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                                .listRecommendations(ListRecommendationsRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED)));
    }

    @Test
    void listRecommendations_catalogGone_isUnavailable() throws InterruptedException {
        catalogServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> recommend(List.of()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void listRecommendations_tooManyEntries_isInvalidArgument() {
        assertFails(
                Collections.nCopies(1_001, "OLJCESPC7Z"),
                Status.Code.INVALID_ARGUMENT,
                "product_ids must hold at most 1000 entries");
        assertThat(recommend(Collections.nCopies(1_000, "OLJCESPC7Z")))
                .hasSize(5)
                .doesNotContain("OLJCESPC7Z");
    }

    @Test
    void listRecommendations_hugeStrings_areInvalidArgument() {
        assertFails(
                List.of("x".repeat(1_000_000)),
                Status.Code.INVALID_ARGUMENT,
                "product_ids must hold at most 10000 characters in all");
        assertThatThrownBy(() -> recommendations.listRecommendations(ListRecommendationsRequest.newBuilder()
                        .setUserId("u".repeat(1_000_000))
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("user_id must be at most 1000 characters");
                });
        assertThat(catalog.listCalls).as("refused before the catalog is asked").hasValue(0);
    }

    @Test
    void listRecommendations_cacheFlagOff_asksTheCatalogEveryTime_andCachesNothing() {
        for (int i = 0; i < 20; i++) {
            recommend(List.of("OLJCESPC7Z"));
        }
        assertThat(catalog.listCalls).hasValue(20);
        assertThat(cache.size()).isZero();
    }

    @Test
    void listRecommendations_cacheFlagOn_sameAnswers_growingCache_fewerCatalogCalls() {
        flagService.set("recommendationCache", 1);
        for (int i = 0; i < 30; i++) {
            assertThat(recommend(List.of("OLJCESPC7Z", "66VCHSJNUP,2ZYFJ3GM2N")))
                    .hasSize(5)
                    .doesNotContain("OLJCESPC7Z", "66VCHSJNUP", "2ZYFJ3GM2N")
                    .doesNotHaveDuplicates();
        }
        int misses = catalog.listCalls.get();
        assertThat(misses).as("the first call, then about half of the others").isBetween(1, 29);
        assertThat(cache.size())
                .as("grows by the ids plus a quarter of itself per miss")
                .isEqualTo(sizeAfter(misses));

        flagService.set("recommendationCache", 0);
        int before = cache.size();
        recommend(List.of());
        assertThat(cache.size())
                .as("never trimmed, also not when the flag is off")
                .isEqualTo(before);
    }

    @Test
    void listRecommendations_cacheFlagOn_stopsGrowingAtTheLimit() {
        flagService.set("recommendationCache", 1);
        for (int i = 0; i < 300; i++) {
            assertThat(recommend(List.of("LS4PSXUNUM"))).hasSize(5).doesNotContain("LS4PSXUNUM");
        }
        assertThat(cache.size()).isEqualTo(CACHE_LIMIT);
    }

    @Test
    void listRecommendations_cacheFlagOn_catalogFailing_keepsItsStatusCode() {
        flagService.set("recommendationCache", 1);
        catalog.failWith(Status.UNAVAILABLE.withDescription("catalog is down"));
        assertFails(List.of(), Status.Code.UNAVAILABLE, "failed to list products from the catalog: catalog is down");
        assertThat(cache.size()).isZero();
    }

    @Test
    void listRecommendations_flagServiceGone_readsTheCacheFlagAsOff() throws InterruptedException {
        flagService.set("recommendationCache", 1);
        flagService.close();
        assertThat(recommend(List.of())).hasSize(5);
        assertThat(cache.size()).isZero();
    }

    @Test
    void listRecommendations_putsTheCountsOnTheServerSpan_andTheCatalogCallBeneathIt() {
        List<String> answer = recommend(List.of("OLJCESPC7Z", "66VCHSJNUP"));

        SpanData server = telemetry.span("hipstershop.RecommendationService/ListRecommendations");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getAttributes().asMap())
                .containsEntry(longKey("app.products.count"), 9L)
                .containsEntry(longKey("app.filtered_products.count"), 7L)
                .containsEntry(longKey("app.products_recommended.count"), 5L)
                .containsEntry(stringArrayKey("app.filtered_products.list"), answer)
                .doesNotContainKey(booleanKey("app.cache_hit"));

        SpanData client = telemetry.span("hipstershop.ProductCatalogService/ListProducts", SpanKind.CLIENT);
        SpanData catalogServer = telemetry.span("hipstershop.ProductCatalogService/ListProducts", SpanKind.SERVER);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(catalogServer.getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(List.of(client.getTraceId(), catalogServer.getTraceId())).containsOnly(server.getTraceId());
    }

    @Test
    void listRecommendations_fewerLeftThanFive_countsWhatIsLeft() {
        recommend(List.of("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0"));

        SpanData server = telemetry.span("hipstershop.RecommendationService/ListRecommendations");
        assertThat(server.getAttributes().get(longKey("app.filtered_products.count")))
                .isEqualTo(3L);
        assertThat(server.getAttributes().get(longKey("app.products_recommended.count")))
                .isEqualTo(3L);
    }

    @Test
    void listRecommendations_cacheFlagOn_saysWhetherTheCacheWasHit_andCountsItsGrowingEntries() {
        flagService.set("recommendationCache", 1);
        for (int i = 0; i < 30; i++) {
            recommend(List.of("OLJCESPC7Z"));
        }

        List<SpanData> servers = telemetry.spans("hipstershop.RecommendationService/ListRecommendations");
        assertThat(servers).hasSize(30);
        List<Boolean> hits = servers.stream()
                .map(s -> s.getAttributes().get(booleanKey("app.cache_hit")))
                .toList();
        assertThat(hits.get(0)).as("an empty cache misses").isFalse();
        assertThat(hits.stream().filter(hit -> !hit).count())
                .as("each miss asks the catalog")
                .isEqualTo(catalog.listCalls.get());
        assertThat(servers.get(29).getAttributes().get(longKey("app.products.count")))
                .isEqualTo((long) cache.size())
                .isGreaterThan(9L);
        assertThat(servers.get(29).getAttributes().get(longKey("app.filtered_products.count")))
                .isEqualTo(8L);
    }

    @Test
    void recommendationsCounter_addsTheNumberOfProductsRecommended_asCatalogRecommendations() {
        recommend(List.of());
        recommend(List.of("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0"));

        MetricData metric = telemetry.metrics().collectAllMetrics().stream()
                .filter(m -> m.getName().equals("app_recommendations_counter"))
                .findFirst()
                .orElseThrow();
        assertThat(metric.getLongSumData().isMonotonic()).isTrue();
        assertThat(metric.getLongSumData().getPoints()).singleElement().satisfies(point -> {
            assertThat(point.getAttributes()).isEqualTo(Attributes.of(stringKey("recommendation.type"), "catalog"));
            assertThat(point.getValue()).isEqualTo(5L + 3L);
        });
    }

    /** 0, 11, 25, 42, ...: the reference's growth with the nine-product catalog. */
    private static int sizeAfter(int misses) {
        int size = 0;
        for (int i = 0; i < misses; i++) {
            size = Math.min(CACHE_LIMIT, size + 9);
            size = Math.min(CACHE_LIMIT, size + size / 4);
        }
        return size;
    }

    private void assertFails(List<String> productIds, Status.Code code, String message) {
        assertThatThrownBy(() -> recommend(productIds)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }
}
