package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OtlpSinkTests {

    @Test
    void aSpanExportedByTheSdk_isAcceptedAndCounted() throws Exception {
        try (OtlpSink sink = new OtlpSink(0)) {
            OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + sink.port())
                    .setTimeout(5, TimeUnit.SECONDS)
                    .build();
            try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build()) {
                tracing.get("test").spanBuilder("checkout").startSpan().end();
                CompletableResultCode flushed = tracing.forceFlush().join(5, TimeUnit.SECONDS);
                assertThat(flushed.isSuccess()).as("the export succeeded").isTrue();
            }
            assertThat(sink.summary()).startsWith("traces 1 exports").contains("metrics 0 exports");
        }
    }
}
