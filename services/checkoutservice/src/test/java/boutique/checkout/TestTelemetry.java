package boutique.checkout;

import boutique.kit.GrpcServerLifecycle;
import boutique.kit.GrpcServerProperties;
import boutique.kit.Readiness;
import boutique.kit.StatusMappingInterceptor;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OpenTelemetry SDK that keeps finished spans in memory, with the kit's propagators (W3C trace context and
 * baggage), and the gRPC instrumentation wired as the kit's server wires it: what a test needs to see a call as
 * Jaeger would show it.
 */
final class TestTelemetry implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
            .build();
    private final GrpcTelemetry grpc = GrpcTelemetry.create(sdk);

    /** The service behind the status mapping, inside a server span (the span sees the status the mapping gave). */
    BindableService traced(BindableService service) {
        ServerInterceptor telemetry = grpc.createServerInterceptor();
        return () -> ServerInterceptors.intercept(service, new StatusMappingInterceptor(), telemetry);
    }

    /**
     * The service on the kit's gRPC server, on a free port, traced. Unlike an in-process server with a direct
     * executor, its calls run on the server's own threads, so the caller's context does not leak into them.
     */
    GrpcServerLifecycle serve(BindableService service) {
        GrpcServerLifecycle server = new GrpcServerLifecycle(
                new GrpcServerProperties(0, null, null, null, null),
                List.of(service),
                new Readiness(),
                grpc.createServerInterceptor());
        server.start();
        return server;
    }

    /** A traced channel to {@code server}. */
    ManagedChannel channelTo(GrpcServerLifecycle server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .intercept(grpc.createClientInterceptor())
                .build();
    }

    /** A channel whose calls are client spans carrying the trace context and baggage. */
    Channel traced(Channel channel) {
        return ClientInterceptors.intercept(channel, grpc.createClientInterceptor());
    }

    /** The finished SERVER span named {@code name} (gRPC names both ends of a call alike). */
    SpanData server(String name) {
        return span(name, SpanKind.SERVER);
    }

    /** The finished CLIENT span named {@code name}. */
    SpanData client(String name) {
        return span(name, SpanKind.CLIENT);
    }

    /**
     * The finished span named {@code name} of that kind. A server span ends once its answer has gone out, which
     * may be just after the client has it, so this waits for it (up to 5 s).
     */
    SpanData span(String name, SpanKind kind) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (SpanData span : exporter.getFinishedSpanItems()) {
                if (span.getName().equals(name) && span.getKind() == kind) {
                    return span;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " span " + name + " among " + names());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for span " + name);
            }
        }
    }

    List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    List<String> names() {
        return spans().stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }

    void reset() {
        exporter.reset();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
