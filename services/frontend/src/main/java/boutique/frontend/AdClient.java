package boutique.frontend;

import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import hipstershop.AdServiceGrpc.AdServiceStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.AdService} at {@code AD_SERVICE_ADDR}. */
@Component
class AdClient {

    private final AdServiceStub stub;

    AdClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = AdServiceGrpc.newStub(channels.open("AD_SERVICE_ADDR", addresses.ad()));
    }

    CompletableFuture<List<Ad>> getAds(List<String> contextKeys, Duration deadline) {
        AdRequest request =
                AdRequest.newBuilder().addAllContextKeys(contextKeys).build();
        return Reply.<hipstershop.AdResponse>of(o -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .getAds(request, o))
                .thenApply(hipstershop.AdResponse::getAdsList);
    }
}
