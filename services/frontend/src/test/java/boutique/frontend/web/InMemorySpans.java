package boutique.frontend.web;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The span exporter {@code otel.traces.exporter=memory} names: the SDK's in-memory one, so that a test sees what
 * the kit's own OpenTelemetry set-up (built by SDK autoconfiguration from the {@code otel.*} settings) exports.
 */
public final class InMemorySpans implements ConfigurableSpanExporterProvider {

    static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        return EXPORTER;
    }

    @Override
    public String getName() {
        return "memory";
    }
}
