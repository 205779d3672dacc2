package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.Flag;
import hipstershop.GetFlagRequest;
import hipstershop.GetFlagResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeatureFlagsTests {

    /** Long enough that a loaded machine's pauses do not push a read past three cache times by accident. */
    private static final Duration TTL = Duration.ofMillis(600);

    private static final String FLAG = "productCatalogFailure";

    /** The flag service's answer: a probability, or a failure when negative. */
    private volatile double stored;
    /** While set, the flag service holds every answer until it is counted down. */
    private volatile CountDownLatch hold;

    private final AtomicInteger reads = new AtomicInteger();
    private Server flagService;
    private ManagedChannel channel;
    private FeatureFlags flags;

    @BeforeEach
    void start() throws Exception {
        flagService = NettyServerBuilder.forPort(0)
                .addService(new FeatureFlagServiceGrpc.FeatureFlagServiceImplBase() {
                    @Override
                    public void getFlag(GetFlagRequest request, StreamObserver<GetFlagResponse> response) {
                        reads.incrementAndGet();
                        CountDownLatch gate = hold;
                        if (gate != null) {
                            try {
                                gate.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        if (stored < 0) {
                            response.onError(Status.UNAVAILABLE.asRuntimeException());
                            return;
                        }
                        response.onNext(GetFlagResponse.newBuilder()
                                .setFlag(Flag.newBuilder()
                                        .setName(request.getName())
                                        .setEnabled(stored > 0)
                                        .setProbability(stored))
                                .build());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", flagService.getPort())
                .usePlaintext()
                .build();
        flags = new FeatureFlags(channel, TTL, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        if (hold != null) {
            hold.countDown();
        }
        channel.shutdownNow();
        flagService.shutdownNow();
    }

    @Test
    void aFlagNeverRead_isReadBeforeItsFirstUse() {
        stored = 1;

        assertThat(flags.probability(FLAG)).isEqualTo(1.0);
        assertThat(flags.isOn(FLAG)).isTrue();
    }

    @Test
    void aFlagInSteadyUse_isReadAgainInTheBackground_whileTheCallGoesOn() throws Exception {
        stored = 0;
        assertThat(flags.probability(FLAG)).isZero();
        stored = 1;
        hold = new CountDownLatch(1);
        Thread.sleep(TTL.toMillis() + 100);

        // The flag service holds its answer: the call must not wait for it, and keeps the value it has.
        long started = System.nanoTime();
        assertThat(flags.probability(FLAG)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

        hold.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> flags.probability(FLAG) == 1.0);
    }

    @Test
    void aBackgroundRead_isMadeOnceForManyCalls() throws Exception {
        stored = 0.5;
        flags.probability(FLAG);
        hold = new CountDownLatch(1);
        Thread.sleep(TTL.toMillis() + 100);

        for (int i = 0; i < 100; i++) {
            flags.isOn(FLAG);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() == 2);
        Thread.sleep(100);

        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aFlagUnusedForSeveralCacheTimes_isReadBeforeTheNextUse() throws Exception {
        stored = 0;
        assertThat(flags.probability(FLAG)).isZero();
        stored = 1;
        Thread.sleep(TTL.toMillis() * 3 + 100);

        assertThat(flags.probability(FLAG)).isEqualTo(1.0);
    }

    @Test
    void aFailedBackgroundRead_turnsTheFlagOff() throws Exception {
        stored = 1;
        assertThat(flags.probability(FLAG)).isEqualTo(1.0);
        stored = -1;
        Thread.sleep(TTL.toMillis() + 100);

        flags.probability(FLAG);

        await().atMost(Duration.ofSeconds(2)).until(() -> flags.probability(FLAG) == 0.0);
    }
}
