package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskSpansTests {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    @Test
    void startSpan_isARootClientSpanNamedAfterTheTask_andItsTraceparentNamesIt() {
        TaskSpans spans = TaskSpans.of(otel.getOpenTelemetry());

        TaskSpans.TaskSpan task = spans.startSpan("checkout").orElseThrow();
        spans.endSpan(task, false);

        SpanData span = otel.getSpans().get(0);
        assertThat(span.getName()).isEqualTo("checkout");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getAttributes().get(TaskSpans.SYNTHETIC)).isTrue();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(task.traceparent())
                .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                        + span.getSpanContext().getTraceFlags().asHex());
        assertThat(spans.sendTraceparent()).isTrue();
    }

    @Test
    void endSpan_aRequestFailed_isAnErrorSpan() {
        TaskSpans spans = TaskSpans.of(otel.getOpenTelemetry());

        spans.endSpan(spans.startSpan("add_to_cart").orElseThrow(), true);

        assertThat(otel.getSpans().get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(otel.getSpans().get(0).getStatus().getDescription()).isEqualTo("a request of the task failed");
    }

    @Test
    void endUnfinished_endsOnlyTheOpenSpans_markedCutShort_once() {
        TaskSpans spans = TaskSpans.of(otel.getOpenTelemetry());
        TaskSpans.TaskSpan finished = spans.startSpan("browse_product").orElseThrow();
        TaskSpans.TaskSpan cutShort = spans.startSpan("checkout_multi").orElseThrow();
        spans.endSpan(finished, false);

        spans.endUnfinished();
        spans.endUnfinished();
        spans.endSpan(cutShort, false); // the shopper's own end, after the run's end: no second export

        assertThat(otel.getSpans()).hasSize(2);
        assertThat(otel.getSpans())
                .filteredOn(span -> span.getName().equals("checkout_multi"))
                .singleElement()
                .satisfies(span -> assertThat(span.getAttributes().get(TaskSpans.CUT_SHORT))
                        .isTrue());
        assertThat(otel.getSpans())
                .filteredOn(span -> span.getName().equals("browse_product"))
                .singleElement()
                .satisfies(span -> assertThat(span.getAttributes().get(TaskSpans.CUT_SHORT))
                        .isNull());
    }

    @Test
    void close_endsTheOpenSpans_andStartsNoMore() {
        TaskSpans spans = TaskSpans.of(otel.getOpenTelemetry());
        spans.startSpan("view_cart").orElseThrow();

        spans.close();

        assertThat(otel.getSpans())
                .singleElement()
                .satisfies(span -> assertThat(span.getAttributes().get(TaskSpans.CUT_SHORT))
                        .isTrue());
        assertThat(spans.startSpan("get_ads")).isEmpty();
        assertThat(otel.getSpans()).hasSize(1);
    }

    @Test
    void none_startsNoSpan_andSendsNoTraceparent() {
        TaskSpans spans = TaskSpans.none();

        assertThat(spans.startSpan("index")).isEmpty();
        assertThat(spans.sendTraceparent()).isFalse();
    }

    @Test
    void propagatorsWithoutW3cTraceContext_sendNoTraceparent() {
        OpenTelemetry noPropagation = new OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
                return otel.getOpenTelemetry().getTracerProvider();
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        };

        assertThat(TaskSpans.of(noPropagation).sendTraceparent()).isFalse();
    }
}
