package boutique.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import hipstershop.AdServiceGrpc.AdServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
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
    private InProcessGrpc grpc;
    private AdServiceBlockingStub ads;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService()
                .set("adServiceFailure", 0)
                .set("adServiceHighCpu", 0)
                .set("adServiceManualGc", 0);
        grpc = InProcessGrpc.serve(new AdGrpcService(new AdCatalog(), flagService.client()));
        ads = AdServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
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
