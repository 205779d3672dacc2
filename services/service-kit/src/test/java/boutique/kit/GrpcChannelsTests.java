package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Money;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
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

    @Test
    void callWhoseConnectionClosedUnderIt_isUnavailable_notUnknown() {
        Status seenByCaller = callEndingWith(
                Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException()));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(seenByCaller.getDescription()).contains("channel closed");
    }

    @Test
    void callWhoseConnectionWasCutMidFrame_isUnavailable_notInternal() {
        Status seenByCaller = callEndingWith(Status.INTERNAL
                .withDescription("http2 exception")
                .withCause(Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "frame cut short")));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void callWhoseConnectionWasReset_isUnavailable() {
        Status seenByCaller =
                callEndingWith(Status.UNKNOWN.withCause(new RuntimeException(new SocketException("Connection reset"))));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void internalSentByTheOtherSide_staysInternal() {
        Status seenByCaller = callEndingWith(Status.INTERNAL.withDescription("internal error"));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(seenByCaller.getDescription()).isEqualTo("internal error");
    }

    @Test
    void internalForAnAnswerThatDoesNotParse_staysInternal() {
        Status seenByCaller =
                callEndingWith(Status.INTERNAL.withCause(new InvalidProtocolBufferException("truncated message")));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void refusalWithACause_keepsItsCode() {
        Status seenByCaller = callEndingWith(
                Status.CANCELLED.withDescription("call cancelled").withCause(new ClosedChannelException()));

        assertThat(seenByCaller.getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    /** The status a caller gets, through the channels' interceptor, for a call the transport ends with {@code status}. */
    private static Status callEndingWith(Status status) {
        Channel endsEveryCall = new Channel() {
            @Override
            public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
                return new ClientCall<>() {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        listener.onClose(status, new Metadata());
                    }

                    @Override
                    public void request(int messages) {}

                    @Override
                    public void cancel(String message, Throwable cause) {}

                    @Override
                    public void halfClose() {}

                    @Override
                    public void sendMessage(Q message) {}
                };
            }

            @Override
            public String authority() {
                return "currency";
            }
        };
        var stub = CurrencyServiceGrpc.newBlockingStub(
                ClientInterceptors.intercept(endsEveryCall, new GrpcChannels.BrokenConnectionIsUnavailable()));
        return catchThrowableOfType(
                        StatusRuntimeException.class,
                        () -> stub.convert(CurrencyConversionRequest.getDefaultInstance()))
                .getStatus();
    }
}
