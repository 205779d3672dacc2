package boutique.ad;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdResponse;
import hipstershop.AdServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.AdService} rpc over the {@link AdCatalog}, with the ad service's flag scenarios. */
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

    private static final Logger log = LoggerFactory.getLogger(AdGrpcService.class);

    private final AdCatalog catalog;
    private final FeatureFlags flags;

    AdGrpcService(AdCatalog catalog, FeatureFlags flags) {
        this.catalog = catalog;
        this.flags = flags;
    }

    @Override
    public void getAds(AdRequest request, StreamObserver<AdResponse> responseObserver) {
        List<String> keys = request.getContextKeysList();
        checkKeys(keys);
        runLoadScenarios();
        List<Ad> ads = catalog.forContext(keys);
        if (flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.RESOURCE_EXHAUSTED, "GetAds failed: adServiceFailure is on");
        }
        log.info("GetAds context_keys={} ads={}", keys, ads.size());
        responseObserver.onNext(AdResponse.newBuilder().addAllAds(ads).build());
        responseObserver.onCompleted();
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
