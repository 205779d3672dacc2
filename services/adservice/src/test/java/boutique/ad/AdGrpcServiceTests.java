package boutique.ad;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import hipstershop.AdServiceGrpc.AdServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdGrpcServiceTests {

    private static final Set<String> ADVERTISED = Set.of(
            "/product/2ZYFJ3GM2N",
            "/product/66VCHSJNUP",
            "/product/0PUK6V6EV0",
            "/product/6E92ZMYYFZ",
            "/product/L9ECAV7KIM",
            "/product/9SIQT8TOJO",
            "/product/1YMWWN1N4O");

    private FakeFlagService flagService;
    private TestTelemetry telemetry;
    private InProcessGrpc grpc;
    private AdServiceBlockingStub ads;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService()
                .set("adServiceFailure", 0)
                .set("adServiceHighCpu", 0)
                .set("adServiceManualGc", 0);
        telemetry = new TestTelemetry();
        grpc = telemetry.serve(new AdGrpcService(new AdCatalog(), flagService.client(), telemetry.sdk()));
        ads = AdServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        telemetry.close();
    }

    private List<Ad> getAds(String... keys) {
        return ads.getAds(AdRequest.newBuilder()
                        .addAllContextKeys(Arrays.asList(keys))
                        .build())
                .getAdsList();
    }

    private static List<String> urls(List<Ad> ads) {
        return ads.stream().map(Ad::getRedirectUrl).toList();
    }

    @ParameterizedTest(name = "GetAds({0}) = {1}")
    @CsvSource(
            value = {
                "accessories | 0PUK6V6EV0,6E92ZMYYFZ,L9ECAV7KIM",
                "travel,binoculars | 1YMWWN1N4O,2ZYFJ3GM2N",
                "assembly | 9SIQT8TOJO",
                "telescopes,telescopes | 66VCHSJNUP,66VCHSJNUP",
                "accessories,assembly,travel,binoculars,telescopes | "
                        + "0PUK6V6EV0,6E92ZMYYFZ,L9ECAV7KIM,9SIQT8TOJO,1YMWWN1N4O,2ZYFJ3GM2N,66VCHSJNUP",
                "flashlights,binoculars,nope | 2ZYFJ3GM2N",
            },
            delimiter = '|')
    void getAds_matchingKeys_returnsTheCategoriesAdsInKeyOrder(String keys, String expectedIds) {
        List<String> expected = Arrays.stream(expectedIds.split(","))
                .map(id -> "/product/" + id)
                .toList();
        assertThat(urls(getAds(keys.split(",")))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "GetAds({0}) gives 2 random ads")
    @CsvSource(
            value = {"flashlights,nope", "Telescopes", "OLJCESPC7Z", "''", "' telescopes'"},
            emptyValue = "")
    void getAds_noKeyMatches_returnsTwoAdvertisedAds(String keys) {
        List<Ad> answer = getAds(keys.split(","));
        assertThat(answer).hasSize(2);
        assertThat(urls(answer)).allSatisfy(url -> assertThat(ADVERTISED).contains(url));
    }

    @Test
    void getAds_noKeys_drawsTwoWithReplacementFromAllSeven() {
        Set<String> seen = new HashSet<>();
        boolean repeated = false;
        for (int i = 0; i < 300; i++) {
            List<String> drawn = urls(getAds());
            assertThat(drawn).hasSize(2);
            seen.addAll(drawn);
            repeated |= drawn.get(0).equals(drawn.get(1));
        }
        assertThat(seen).isEqualTo(ADVERTISED);
        assertThat(repeated)
                .as("the same ad twice in one answer (kept from the reference)")
                .isTrue();
    }

    @Test
    void everyAd_hasItsOwnTextNamingTheProductForSale() {
        List<Ad> all = new AdCatalog().all();
        assertThat(all).hasSize(7);
        assertThat(all).allSatisfy(ad -> {
            assertThat(ad.getText()).contains(" for sale");
            assertThat(ad.getRedirectUrl()).matches("/product/[0-9A-Z]{10}");
        });
        assertThat(all).extracting(Ad::getText).doesNotHaveDuplicates();
    }

    @Test
    void getAds_tooManyKeys_isInvalidArgument() {
        String[] keys =
                Collections.nCopies(AdGrpcService.MAX_KEYS + 1, "accessories").toArray(String[]::new);
        assertInvalidArgument(() -> getAds(keys), "context_keys must hold at most 100 keys");
        assertThat(getAds(Collections.nCopies(100, "accessories").toArray(String[]::new)))
                .hasSize(300);
    }

    @Test
    void getAds_hugeKey_isInvalidArgument() {
        assertInvalidArgument(
                () -> getAds("telescopes", "x".repeat(1_000_000)), "a context key must be at most 100 characters");
    }

    @Test
    void getAds_failureFlagOn_isResourceExhausted_andOffAgainAnswers() {
        flagService.set("adServiceFailure", 1);
        assertThatThrownBy(() -> getAds("travel")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).isEqualTo("GetAds failed: adServiceFailure is on");
        });
        flagService.set("adServiceFailure", 0);
        assertThat(urls(getAds("travel"))).containsExactly("/product/1YMWWN1N4O");
    }

    @Test
    void getAds_failureFlagAtAQuarter_failsAboutAQuarterOfCalls() {
        flagService.set("adServiceFailure", 0.25);
        int failed = 0;
        for (int i = 0; i < 400; i++) {
            try {
                getAds("travel");
            } catch (StatusRuntimeException e) {
                failed++;
            }
        }
        assertThat(failed).isBetween(50, 150);
    }

    @Test
    void getAds_highCpuFlagOn_takesAtLeastFiftyMillis_andOffIsFast() {
        flagService.set("adServiceHighCpu", 1);
        long start = System.nanoTime();
        assertThat(getAds("assembly")).hasSize(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);
        SpanData server = telemetry.span("hipstershop.AdService/GetAds");
        assertThat(server.getEndEpochNanos() - server.getStartEpochNanos())
                .as("the busy work shows inside the server span")
                .isGreaterThanOrEqualTo(AdGrpcService.HIGH_CPU_WORK.toNanos());

        flagService.set("adServiceHighCpu", 0);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            getAds("assembly");
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        Collections.sort(millis);
        assertThat(millis.get(2)).as("median of five calls, flag off").isLessThan(50);
    }

    @Test
    void getAds_manualGcFlagOn_runsACollectionPerCall_andOffDoesNot() {
        flagService.set("adServiceManualGc", 1);
        long before = collections();
        for (int i = 0; i < 3; i++) {
            assertThat(getAds("binoculars")).hasSize(1);
        }
        assertThat(collections() - before).isGreaterThanOrEqualTo(3);

        flagService.set("adServiceManualGc", 0);
        before = collections();
        for (int i = 0; i < 20; i++) {
            getAds("binoculars");
        }
        assertThat(collections() - before).isLessThan(20);
    }

    @Test
    void getAds_flagServiceGone_answersNormally() throws InterruptedException {
        flagService.set("adServiceFailure", 1);
        flagService.close();
        assertThat(urls(getAds("travel"))).containsExactly("/product/1YMWWN1N4O");
    }

    @Test
    void getAds_targeted_marksTheServerSpan_andSpansEachCategoryLookup() {
        getAds("accessories", "nope");

        SpanData server = telemetry.span("hipstershop.AdService/GetAds");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.ads.contextKeys"), "[accessories, nope]")
                .containsEntry(longKey("app.ads.contextKeys.count"), 2L)
                .containsEntry(longKey("app.ads.count"), 3L)
                .containsEntry(stringKey("app.ads.ad_request_type"), "TARGETED")
                .containsEntry(stringKey("app.ads.ad_response_type"), "TARGETED");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        List<SpanData> lookups = telemetry.spans("getAdsByCategory");
        assertThat(lookups)
                .extracting(s -> s.getAttributes().get(stringKey("app.ads.category")))
                .containsExactly("accessories", "nope");
        assertThat(lookups)
                .extracting(s -> s.getAttributes().get(longKey("app.ads.count")))
                .containsExactly(3L, 0L);
        assertThat(lookups).allSatisfy(lookup -> assertChildOf(lookup, server));
        assertThat(telemetry.spans("getRandomAds")).isEmpty();
    }

    @Test
    void getAds_noKeys_spansTheRandomDraw_andIsNotTargeted() {
        getAds();

        SpanData server = telemetry.span("hipstershop.AdService/GetAds");
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.ads.contextKeys"), "[]")
                .containsEntry(longKey("app.ads.contextKeys.count"), 0L)
                .containsEntry(longKey("app.ads.count"), 2L)
                .containsEntry(stringKey("app.ads.ad_request_type"), "NOT_TARGETED")
                .containsEntry(stringKey("app.ads.ad_response_type"), "RANDOM");
        SpanData random = telemetry.span("getRandomAds");
        assertChildOf(random, server);
        assertThat(random.getAttributes().get(longKey("app.ads.count"))).isEqualTo(2L);
        assertThat(telemetry.spans("getAdsByCategory")).isEmpty();
    }

    @Test
    void adRequestsCounter_countsEachRequestByRequestAndResponseType() {
        getAds("travel");
        getAds("travel");
        getAds("flashlights");
        getAds();

        Map<Attributes, Long> counts = new HashMap<>();
        MetricData metric = telemetry.metrics().collectAllMetrics().stream()
                .filter(m -> m.getName().equals("app.ads.ad_requests"))
                .findFirst()
                .orElseThrow();
        metric.getLongSumData().getPoints().forEach(p -> counts.put(p.getAttributes(), p.getValue()));
        assertThat(metric.getLongSumData().isMonotonic()).isTrue();
        assertThat(counts)
                .containsOnly(
                        entry(requestKinds("TARGETED", "TARGETED"), 2L),
                        entry(requestKinds("TARGETED", "RANDOM"), 1L),
                        entry(requestKinds("NOT_TARGETED", "RANDOM"), 1L));
    }

    @Test
    void getAds_failureFlagOn_marksTheServerSpanAsAnError_withTheMessageInAnEvent() {
        flagService.set("adServiceFailure", 1);
        assertThatThrownBy(() -> getAds("travel")).isInstanceOf(StatusRuntimeException.class);

        SpanData server = telemetry.span("hipstershop.AdService/GetAds");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(longKey("rpc.grpc.status_code")))
                .isEqualTo((long) Status.Code.RESOURCE_EXHAUSTED.value());
        assertThat(server.getEvents()).anySatisfy(event -> {
            assertThat(event.getName()).isEqualTo("Error");
            assertThat(event.getAttributes().get(stringKey("exception.message")))
                    .isEqualTo("GetAds failed: adServiceFailure is on");
        });
    }

    private static Attributes requestKinds(String request, String response) {
        return Attributes.of(
                stringKey("app.ads.ad_request_type"), request, stringKey("app.ads.ad_response_type"), response);
    }

    private static void assertChildOf(SpanData child, SpanData parent) {
        assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
        assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static void assertInvalidArgument(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }
}
