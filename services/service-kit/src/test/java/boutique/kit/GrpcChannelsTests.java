package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;

import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Money;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcChannelsTests {

    private static final GrpcTelemetry NOT_TRACED = GrpcTelemetry.create(OpenTelemetry.noop());

    private final AtomicReference<Deadline> seen = new AtomicReference<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Server downstream;
    private GrpcChannels channels;
    private CurrencyServiceGrpc.CurrencyServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        downstream = NettyServerBuilder.forPort(0)
                .addService(new CurrencyServiceGrpc.CurrencyServiceImplBase() {
                    @Override
                    public void convert(CurrencyConversionRequest request, StreamObserver<Money> response) {
                        seen.set(Context.current().getDeadline());
                        response.onNext(request.getFrom());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
        channels = new GrpcChannels(Duration.ofSeconds(3), NOT_TRACED.createClientInterceptor());
        stub = CurrencyServiceGrpc.newBlockingStub(
                channels.open("CURRENCY_SERVICE_ADDR", "127.0.0.1:" + downstream.getPort()));
    }

    @AfterEach
    void stop() throws Exception {
        channels.destroy();
        downstream.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void callWithoutAnyDeadline_getsTheDefault() {
        stub.convert(CurrencyConversionRequest.getDefaultInstance());

        assertThat(seen.get()).isNotNull();
        assertThat(seen.get().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1_000L, 3_000L);
    }

    @Test
    void callServingACallerWithALongerDeadline_keepsTheCallersDeadline() throws Exception {
        Context.current()
                .withDeadlineAfter(20, TimeUnit.SECONDS, timer)
                .run(() -> stub.convert(CurrencyConversionRequest.getDefaultInstance()));

        assertThat(seen.get().timeRemaining(TimeUnit.MILLISECONDS)).isGreaterThan(15_000L);
    }

    @Test
    void callServingACallerWithAShorterDeadline_keepsTheShorterOne() {
        Context.current()
                .withDeadlineAfter(1, TimeUnit.SECONDS, timer)
                .run(() -> stub.convert(CurrencyConversionRequest.getDefaultInstance()));

        assertThat(seen.get().timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1_000L);
    }

    @Test
    void callWithItsOwnDeadline_keepsIt() {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).convert(CurrencyConversionRequest.getDefaultInstance());

        assertThat(seen.get().timeRemaining(TimeUnit.MILLISECONDS)).isGreaterThan(5_000L);
    }
}
