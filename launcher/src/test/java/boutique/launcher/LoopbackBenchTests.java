package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import io.grpc.Server;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopbackBenchTests {

    @Test
    void theDoNothingServer_answersEveryChargeTheDriverSends() throws Exception {
        Server server = LoopbackBench.noopPayment(0);
        try {
            double perSecond =
                    LoopbackBench.callsPerSecond(server.getPort(), Duration.ofMillis(200), Duration.ofMillis(500));
            assertThat(perSecond).as("calls answered per second").isGreaterThan(100);
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noServer_isZeroCallsPerSecond_notAHang() throws Exception {
        int port = ServiceProcess.freePort();
        assertThat(LoopbackBench.callsPerSecond(port, Duration.ofMillis(100), Duration.ofMillis(300)))
                .isZero();
    }
}
