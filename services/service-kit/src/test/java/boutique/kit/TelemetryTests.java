package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;

import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.GetSupportedCurrenciesResponse;
import hipstershop.Money;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The kit's gRPC wiring traced: a call served by one service that calls another is one trace, server span to
 * client span to server span, and the baggage travels with it.
 */
class TelemetryTests {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(new KitTelemetryAutoConfiguration.SyntheticMarker())
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
            .build();
    private final GrpcTelemetry grpc = GrpcTelemetry.create(otel);
    private GrpcServerLifecycle downstream;
    private GrpcServerLifecycle upstream;
    private GrpcChannels channels;

    @BeforeEach
    void start() {
        channels = new GrpcChannels(Duration.ofSeconds(3), grpc.createClientInterceptor());
        downstream = server(new CurrencyServiceGrpc.CurrencyServiceImplBase() {
            @Override
            public void convert(CurrencyConversionRequest request, StreamObserver<Money> response) {
                response.onNext(request.getFrom());
                response.onCompleted();
            }
        });
        var toDownstream = CurrencyServiceGrpc.newBlockingStub(
                channels.open("CURRENCY_SERVICE_ADDR", "127.0.0.1:" + downstream.port()));
        upstream = server(new CurrencyServiceGrpc.CurrencyServiceImplBase() {
            @Override
            public void getSupportedCurrencies(Empty request, StreamObserver<GetSupportedCurrenciesResponse> response) {
                toDownstream.convert(CurrencyConversionRequest.getDefaultInstance());
                response.onNext(GetSupportedCurrenciesResponse.getDefaultInstance());
                response.onCompleted();
            }
        });
    }

    private GrpcServerLifecycle server(io.grpc.BindableService service) {
        GrpcServerLifecycle server = new GrpcServerLifecycle(
                new GrpcServerProperties(0, 2, DataSize.ofKilobytes(64), Duration.ofSeconds(1), null, false),
                List.of(service),
                new Readiness(),
                grpc.createServerInterceptor());
        server.start();
        server.onApplicationEvent(null);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        channels.destroy();
        upstream.stop();
        downstream.stop();
        otel.close();
    }

    @Test
    void callServedAndPassedOn_isOneTraceWithParentLinks_andCarriesTheBaggage() throws InterruptedException {
        ManagedChannel client = NettyChannelBuilder.forAddress("127.0.0.1", upstream.port())
                .usePlaintext()
                .intercept(grpc.createClientInterceptor())
                .build();
        try (Scope ignored =
                Baggage.builder().put("synthetic_request", "true").build().makeCurrent()) {
            CurrencyServiceGrpc.newBlockingStub(client)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getSupportedCurrencies(Empty.getDefaultInstance());
        } finally {
            client.shutdownNow();
        }

        List<SpanData> finished = finishedSpans(4);
        assertThat(finished).hasSize(4);
        assertThat(finished)
                .extracting(SpanData::getTraceId)
                .containsOnly(finished.get(0).getTraceId());
        SpanData upstreamServer = one(finished, SpanKind.SERVER, "GetSupportedCurrencies");
        SpanData downstreamClient = one(finished, SpanKind.CLIENT, "Convert");
        SpanData downstreamServer = one(finished, SpanKind.SERVER, "Convert");
        assertThat(downstreamClient.getParentSpanId()).isEqualTo(upstreamServer.getSpanId());
        assertThat(downstreamServer.getParentSpanId()).isEqualTo(downstreamClient.getSpanId());
        assertThat(downstreamServer.getName()).isEqualTo("hipstershop.CurrencyService/Convert");
        assertThat(downstreamServer.getAttributes().get(AttributeKey.stringKey("rpc.system")))
                .isEqualTo("grpc");
        assertThat(downstreamServer.getAttributes().get(AttributeKey.booleanKey("app.synthetic_request")))
                .isTrue();
    }

    @Test
    void healthChecks_makeNoSpans() {
        assertThat(HealthProbe.grpcServing("127.0.0.1:" + upstream.port(), Duration.ofSeconds(2)))
                .isTrue();

        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    /**
     * The spans finished once {@code count} have, or after 2 s: a server span ends just after its answer is
     * sent, so the caller may have its reply a moment before the span is recorded.
     */
    private List<SpanData> finishedSpans(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return spans.getFinishedSpanItems();
    }

    private static SpanData one(List<SpanData> spans, SpanKind kind, String method) {
        return spans.stream()
                .filter(s -> s.getKind() == kind && s.getName().endsWith("/" + method))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " span of " + method + " in " + spans));
    }
}
