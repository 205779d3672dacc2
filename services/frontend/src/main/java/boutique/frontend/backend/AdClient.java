package boutique.frontend.backend;

import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdResponse;
import hipstershop.AdServiceGrpc;
import hipstershop.AdServiceGrpc.AdServiceStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.AdService} at {@code AD_SERVICE_ADDR}. */
@Component
public class AdClient {

    private final AdServiceStub stub;

    AdClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = AdServiceGrpc.newStub(channels.open("AD_SERVICE_ADDR", addresses.ad()));
    }

    /** Ads for these context keys; the caller gives the deadline, as ads are an optional part of a page. */
    public CompletableFuture<List<Ad>> getAds(List<String> contextKeys, Duration deadline) {
        AdRequest request =
                AdRequest.newBuilder().addAllContextKeys(contextKeys).build();
        return Reply.<AdResponse>of(o -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .getAds(request, o))
                .thenApply(AdResponse::getAdsList);
    }
}
