package boutique.productcatalog;

import boutique.kit.StatusMappingInterceptor;
import boutique.kit.testing.InProcessGrpc;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
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
import java.util.List;

/**
 * An OpenTelemetry SDK whose spans and metrics stay in memory, and an in-process server traced as the kit traces
 * the real one (the status mapping inside the span, so the span sees the status the client gets).
 */
final class TestTelemetry implements AutoCloseable {

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

    List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    SpanData span(String name) {
        return finished().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + names()));
    }

    List<SpanData> spans(String name) {
        return finished().stream().filter(s -> s.getName().equals(name)).toList();
    }

    List<String> names() {
        return finished().stream().map(SpanData::getName).toList();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
