package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hipstershop.AdRequest;
import hipstershop.AdResponse;
import hipstershop.AdServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class GrpcServerLifecycleTests {

    private final Readiness readiness = new Readiness();
    private final AtomicReference<String> servedOn = new AtomicReference<>();
    private GrpcServerLifecycle server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        start(false);
    }

    private void start(boolean directExecutor) {
        server = new GrpcServerLifecycle(
                new GrpcServerProperties(0, 2, DataSize.ofKilobytes(64), Duration.ofSeconds(1), null, directExecutor),
                List.of(new AdServiceGrpc.AdServiceImplBase() {
                    @Override
                    public void getAds(AdRequest request, StreamObserver<AdResponse> response) {
                        servedOn.set(Thread.currentThread().getName());
                        response.onNext(AdResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                }),
                readiness,
                GrpcTelemetry.create(OpenTelemetry.noop()).createServerInterceptor());
        server.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
    }

    private void getAds() {
        AdServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .getAds(AdRequest.getDefaultInstance());
    }

    @Test
    void calls_runOnTheBoundedPool() {
        getAds();

        assertThat(servedOn.get()).startsWith("grpc-call-");
    }

    @Test
    void directExecutor_runsCallsOnTheNetworkThreadThatReadThem() {
        stop();
        start(true);

        getAds();

        assertThat(servedOn.get()).doesNotStartWith("grpc-call-").contains("worker-ELG");
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.stop();
    }

    private boolean serving() {
        return HealthProbe.grpcServing("127.0.0.1:" + server.port(), Duration.ofSeconds(2));
    }

    @Test
    void health_isServingOnlyOnceTheApplicationIsReady() {
        assertThat(serving()).isFalse();

        server.onApplicationEvent(null);

        assertThat(serving()).isTrue();
    }

    @Test
    void health_followsReadiness() {
        server.onApplicationEvent(null);

        readiness.notReady("Redis does not answer");
        assertThat(serving()).isFalse();

        readiness.ready();
        assertThat(serving()).isTrue();
    }

    @Test
    void notReadyBeforeStart_staysNotServingOnceStarted() {
        readiness.notReady("Redis does not answer");

        server.onApplicationEvent(null);

        assertThat(serving()).isFalse();
    }

    @Test
    void requestOverTheInboundLimit_isResourceExhausted() {
        AdRequest huge =
                AdRequest.newBuilder().addContextKeys("x".repeat(70 * 1024)).build();

        assertThatThrownBy(() -> AdServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getAds(huge))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void requestUnderTheInboundLimit_isServed() {
        AdRequest large =
                AdRequest.newBuilder().addContextKeys("x".repeat(60 * 1024)).build();

        assertThat(AdServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getAds(large))
                .isEqualTo(AdResponse.getDefaultInstance());
    }
}
