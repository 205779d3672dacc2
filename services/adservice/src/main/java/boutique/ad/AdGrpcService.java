package boutique.ad;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdResponse;
import hipstershop.AdServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.AdService} rpc over the {@link AdCatalog}, with the ad service's flag scenarios and the
 * reference's telemetry: {@code app.ads.*} attributes on the server span, a {@code getAdsByCategory} span per key,
 * a {@code getRandomAds} span when nothing matched, and the {@code app.ads.ad_requests} counter.
 */
@Service
class AdGrpcService extends AdServiceGrpc.AdServiceImplBase {

    static final String FAILURE_FLAG = "adServiceFailure";
    static final String HIGH_CPU_FLAG = "adServiceHighCpu";
    static final String MANUAL_GC_FLAG = "adServiceManualGc";
    static final Duration HIGH_CPU_WORK = Duration.ofMillis(50);
    /** A page sends a handful of keys; a longer list is a mistake, and each key could multiply the answer. */
    static final int MAX_KEYS = 100;
    /** Categories and product ids are short; a longer key cannot match anything. */
    static final int MAX_KEY_LENGTH = 100;

    static final AttributeKey<String> REQUEST_TYPE = AttributeKey.stringKey("app.ads.ad_request_type");
    static final AttributeKey<String> RESPONSE_TYPE = AttributeKey.stringKey("app.ads.ad_response_type");
    static final AttributeKey<String> CONTEXT_KEYS = AttributeKey.stringKey("app.ads.contextKeys");
    static final AttributeKey<Long> CONTEXT_KEYS_COUNT = AttributeKey.longKey("app.ads.contextKeys.count");
    static final AttributeKey<Long> ADS_COUNT = AttributeKey.longKey("app.ads.count");
    static final AttributeKey<String> CATEGORY = AttributeKey.stringKey("app.ads.category");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    // The reference's enum names as values; the three combinations a request can make, built once.
    private static final Attributes TARGETED = Attributes.of(REQUEST_TYPE, "TARGETED", RESPONSE_TYPE, "TARGETED");
    private static final Attributes TARGETED_BUT_RANDOM =
            Attributes.of(REQUEST_TYPE, "TARGETED", RESPONSE_TYPE, "RANDOM");
    private static final Attributes NOT_TARGETED = Attributes.of(REQUEST_TYPE, "NOT_TARGETED", RESPONSE_TYPE, "RANDOM");

    private static final Logger log = LoggerFactory.getLogger(AdGrpcService.class);

    private final AdCatalog catalog;
    private final FeatureFlags flags;
    private final Tracer tracer;
    private final LongCounter adRequests;

    AdGrpcService(AdCatalog catalog, FeatureFlags flags, OpenTelemetry openTelemetry) {
        this.catalog = catalog;
        this.flags = flags;
        this.tracer = openTelemetry.getTracer("adservice");
        this.adRequests = openTelemetry
                .getMeter("adservice")
                .counterBuilder("app.ads.ad_requests")
                .setDescription("Ad requests by request and response type")
                .build();
    }

    @Override
    public void getAds(AdRequest request, StreamObserver<AdResponse> responseObserver) {
        List<String> keys = request.getContextKeysList();
        checkKeys(keys);
        runLoadScenarios();
        Span span = Span.current();
        span.setAttribute(CONTEXT_KEYS, keys.toString());
        span.setAttribute(CONTEXT_KEYS_COUNT, keys.size());
        List<Ad> ads = byCategories(keys);
        Attributes kind = keys.isEmpty() ? NOT_TARGETED : TARGETED;
        if (ads.isEmpty()) {
            ads = randomAds();
            kind = keys.isEmpty() ? NOT_TARGETED : TARGETED_BUT_RANDOM;
        }
        span.setAttribute(ADS_COUNT, ads.size());
        span.setAllAttributes(kind);
        adRequests.add(1, kind);
        if (flags.isOn(FAILURE_FLAG)) {
            ShopException failure =
                    new ShopException(Status.Code.RESOURCE_EXHAUSTED, "GetAds failed: adServiceFailure is on");
            // RESOURCE_EXHAUSTED is not a server error by the gRPC conventions: say so on the span ourselves.
            span.addEvent("Error", Attributes.of(EXCEPTION_MESSAGE, failure.getMessage()));
            span.setStatus(StatusCode.ERROR, failure.getMessage());
            throw failure;
        }
        log.debug("GetAds context_keys={} ads={}", keys, ads.size());
        responseObserver.onNext(AdResponse.newBuilder().addAllAds(ads).build());
        responseObserver.onCompleted();
    }

    /** Every key's ads, each looked up in a span of its own as in the reference. */
    private List<Ad> byCategories(List<String> keys) {
        List<Ad> matched = new ArrayList<>();
        for (String key : keys) {
            Span span = tracer.spanBuilder("getAdsByCategory")
                    .setAttribute(CATEGORY, key)
                    .startSpan();
            List<Ad> ads = catalog.byCategory(key);
            span.setAttribute(ADS_COUNT, ads.size());
            span.end();
            matched.addAll(ads);
        }
        return matched;
    }

    private List<Ad> randomAds() {
        Span span = tracer.spanBuilder("getRandomAds").startSpan();
        List<Ad> ads = catalog.random(AdCatalog.RANDOM_ADS);
        span.setAttribute(ADS_COUNT, ads.size());
        span.end();
        return ads;
    }

    private static void checkKeys(List<String> keys) {
        if (keys.size() > MAX_KEYS) {
            throw ShopException.invalidArgument("context_keys must hold at most " + MAX_KEYS + " keys");
        }
        for (String key : keys) {
            if (key.length() > MAX_KEY_LENGTH) {
                throw ShopException.invalidArgument("a context key must be at most " + MAX_KEY_LENGTH + " characters");
            }
        }
    }

    private void runLoadScenarios() {
        if (flags.isOn(HIGH_CPU_FLAG)) {
            LoadScenarios.busyFor(HIGH_CPU_WORK);
        }
        if (flags.isOn(MANUAL_GC_FLAG)) {
            LoadScenarios.fullGc();
        }
    }
}
