package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopbackBenchTests {

    @Test
    void theDoNothingServer_answersEveryChargeTheDriverSends() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Server server = LoopbackBench.noopPayment(port);
        try {
            double perSecond = LoopbackBench.callsPerSecond(port, Duration.ofMillis(200), Duration.ofMillis(500));
            assertThat(perSecond).as("calls answered per second").isGreaterThan(100);
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noServer_isZeroCallsPerSecond_notAHang() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(LoopbackBench.callsPerSecond(port, Duration.ofMillis(100), Duration.ofMillis(300)))
                .isZero();
    }
}
