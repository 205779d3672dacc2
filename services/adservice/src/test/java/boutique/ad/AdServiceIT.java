package boutique.ad;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ad service as a real process, started as the launcher starts it and called over TCP. */
class AdServiceIT {

    @Test
    void getAds_overTcp_answersByCategoryAndAtRandom() throws InterruptedException {
        int port = ServiceProcess.freePort();
        try (ServiceProcess ads = ServiceProcess.startGrpc(
                "adservice",
                port,
                Map.of("AD_SERVICE_PORT", String.valueOf(port), "FEATURE_FLAG_GRPC_SERVICE_ADDR", ""))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                    .usePlaintext()
                    .build();
            try {
                AdServiceGrpc.AdServiceBlockingStub stub =
                        AdServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
                List<Ad> accessories = stub.getAds(AdRequest.newBuilder()
                                .addContextKeys("accessories")
                                .build())
                        .getAdsList();
                assertThat(accessories)
                        .extracting(Ad::getRedirectUrl)
                        .containsExactly("/product/0PUK6V6EV0", "/product/6E92ZMYYFZ", "/product/L9ECAV7KIM");
                assertThat(stub.getAds(AdRequest.getDefaultInstance()).getAdsList())
                        .hasSize(2)
                        .allSatisfy(ad -> assertThat(ad.getText()).isNotBlank());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
