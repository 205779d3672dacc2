package boutique.recommendation;

import boutique.kit.StatusMappingInterceptor;
import boutique.kit.testing.InProcessGrpc;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenTelemetry SDK whose spans and metrics stay in memory, and an in-process server traced as the kit traces
 * the real one (the status mapping inside the span, so the span sees the status the client gets).
 */
final class TestTelemetry implements AutoCloseable {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    InProcessGrpc serve(BindableService service) {
        var traced = ServerInterceptors.intercept(
                ServerInterceptors.intercept(service, new StatusMappingInterceptor()),
                GrpcTelemetry.create(sdk).createServerInterceptor());
        return InProcessGrpc.serve(() -> traced);
    }

    /**
     * Like {@link #serve}, but calls run on a thread of their own, as in a real server. A service that is called
     * while another in-process call is served needs this: on the caller's thread its server span would sit
     * inside the caller's server span, and the instrumentation suppresses a server span nested in another.
     */
    Server serveOnItsOwnThreads(BindableService service, String name) throws IOException {
        return InProcessServerBuilder.forName(name)
                .executor(executor)
                .addService(ServerInterceptors.intercept(
                        ServerInterceptors.intercept(service, new StatusMappingInterceptor()),
                        GrpcTelemetry.create(sdk).createServerInterceptor()))
                .build()
                .start();
    }

    /** {@code channel} with client spans, as the kit's channels have. */
    Channel traced(Channel channel) {
        return ClientInterceptors.intercept(channel, GrpcTelemetry.create(sdk).createClientInterceptor());
    }

    List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    SpanData span(String name) {
        return finished().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + names()));
    }

    /**
     * The first finished span of that name and kind, waiting for it: a server span ends once the answer is on
     * its way, which may be just after its client has it.
     */
    SpanData await(String name, SpanKind kind) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (SpanData span : finished()) {
                if (span.getName().equals(name) && span.getKind() == kind) {
                    return span;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no " + kind + " span " + name + " in " + names());
    }

    List<SpanData> spans(String name) {
        return finished().stream().filter(s -> s.getName().equals(name)).toList();
    }

    List<String> names() {
        return finished().stream().map(SpanData::getName).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        sdk.close();
    }
}
