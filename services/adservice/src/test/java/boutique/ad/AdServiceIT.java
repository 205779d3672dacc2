package boutique.ad;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ad service as a real process, started as the launcher starts it and called over TCP. */
class AdServiceIT {

    @Test
    void getAds_overTcp_answersByCategoryAndAtRandom() {
        try (ServiceProcess ads = ServiceProcess.startGrpc(
                "adservice", "AD_SERVICE_PORT", Map.of("FEATURE_FLAG_GRPC_SERVICE_ADDR", ""))) {
            AdServiceGrpc.AdServiceBlockingStub stub =
                    AdServiceGrpc.newBlockingStub(ads.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
            List<Ad> accessories = stub.getAds(
                            AdRequest.newBuilder().addContextKeys("accessories").build())
                    .getAdsList();
            assertThat(accessories)
                    .extracting(Ad::getRedirectUrl)
                    .containsExactly("/product/0PUK6V6EV0", "/product/6E92ZMYYFZ", "/product/L9ECAV7KIM");
            assertThat(stub.getAds(AdRequest.getDefaultInstance()).getAdsList())
                    .hasSize(2)
                    .allSatisfy(ad -> assertThat(ad.getText()).isNotBlank());
        }
    }
}
