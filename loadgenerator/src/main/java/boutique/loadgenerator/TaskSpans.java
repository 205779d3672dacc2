package boutique.loadgenerator;

import io.gatling.javaapi.core.Session;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CLIENT span per shopper task, named after the task, started before its first request and ended after its
 * last; every request of the task carries the span's context (W3C {@code traceparent}), so the frontend's spans
 * are its children and the whole task is one trace. A span per task rather than per request: a task is what a
 * shopper does, and it is cheaper (the tasks average 1.4 requests, weighted as the shoppers pick them).
 *
 * <p>When spans go nowhere (no span exporter), there are no spans and the requests carry no trace context: a
 * {@code traceparent} must only ever name a span that is exported, or Jaeger shows a missing parent. For the same
 * reason a span is ended even when its task never finishes (the run ends mid-task, the process stops); it then
 * says so with {@code app.loadgenerator.cut_short=true}, which explains a task span with fewer requests than its
 * task sends.
 */
final class TaskSpans {

    /** The span of a task a shopper is running, and the {@code traceparent} value that names it. */
    record TaskSpan(Span span, String traceparent) {}

    private static final String SESSION_KEY = "telemetry.task";
    private static final String TRACEPARENT = "traceparent";
    // All-zero ids: the W3C specification has receivers ignore such a traceparent and start their own trace.
    static final String NO_PARENT = "00-00000000000000000000000000000000-0000000000000000-00";
    static final AttributeKey<Boolean> SYNTHETIC = AttributeKey.booleanKey("app.synthetic_request");
    static final AttributeKey<Boolean> CUT_SHORT = AttributeKey.booleanKey("app.loadgenerator.cut_short");
    static final String FAILED = "a request of the task failed";

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Set<Span> unfinished = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TaskSpans(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Spans from {@code openTelemetry}'s tracer, their context sent by its propagators. */
    static TaskSpans of(OpenTelemetry openTelemetry) {
        return new TaskSpans(
                openTelemetry.getTracer(Telemetry.SERVICE_NAME),
                openTelemetry.getPropagators().getTextMapPropagator());
    }

    /** No spans, no trace headers. */
    static TaskSpans none() {
        return new TaskSpans(null, null);
    }

    /** Whether requests carry a {@code traceparent}: spans are exported, and the propagators write W3C context. */
    boolean sendTraceparent() {
        return tracer != null && propagator.fields().contains(TRACEPARENT);
    }

    /**
     * Starts the task's span, a root CLIENT span named after the task; empty when there are no spans, or no more
     * (closed).
     */
    Optional<TaskSpan> startSpan(String task) {
        if (tracer == null || closed) {
            return Optional.empty();
        }
        Span span = tracer.spanBuilder(task)
                .setSpanKind(SpanKind.CLIENT)
                .setNoParent()
                .setAttribute(SYNTHETIC, true)
                .startSpan();
        unfinished.add(span);
        if (closed && unfinished.remove(span)) {
            // Closed while this span started: no one else ends it, and an unended span is never exported.
            span.end();
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(Context.root().with(span), headers, Map::put);
        return Optional.of(new TaskSpan(span, headers.getOrDefault(TRACEPARENT, NO_PARENT)));
    }

    /** Ends the task's span, as an error when one of its requests failed (status 400 or more, or no answer). */
    void endSpan(TaskSpan task, boolean failed) {
        if (failed) {
            task.span().setStatus(StatusCode.ERROR, FAILED);
        }
        if (unfinished.remove(task.span())) {
            task.span().end();
        }
    }

    /** Ends the spans of tasks that were cut off, so that the requests they sent name an exported span. */
    void endUnfinished() {
        for (Span span : unfinished) {
            if (unfinished.remove(span)) {
                span.setAttribute(CUT_SHORT, true);
                span.end();
            }
        }
    }

    /** Starts no more spans and ends the unfinished ones, before the exporters flush and stop. */
    void close() {
        closed = true;
        endUnfinished();
    }

    /**
     * In a shopper's session: starts the task's span, and clears the failed mark that Gatling keeps from any
     * earlier request, so that at the end it says whether this task's requests failed.
     */
    Session start(Session session, String task) {
        Session cleared = session.markAsSucceeded();
        return startSpan(task).map(span -> cleared.set(SESSION_KEY, span)).orElse(cleared);
    }

    /** In a shopper's session: ends the task's span, an error when the session is marked failed. */
    Session end(Session session) {
        TaskSpan task = session.get(SESSION_KEY);
        if (task == null) {
            return session;
        }
        endSpan(task, session.isFailed());
        return session.remove(SESSION_KEY);
    }

    /** Marks the task's span as failed now, for the benchmark, which clears the failed mark before each request. */
    void markFailed(Session session) {
        TaskSpan task = session.get(SESSION_KEY);
        if (task != null) {
            task.span().setStatus(StatusCode.ERROR, FAILED);
        }
    }

    /**
     * The {@code traceparent} of the session's task. Every request is sent inside a task, so there is one, except
     * while the process stops: then a value receivers ignore. A header set when the request is built, unlike one
     * added as it is written, is kept on a followed redirect.
     */
    String traceparent(Session session) {
        TaskSpan task = session.get(SESSION_KEY);
        return task != null ? task.traceparent() : NO_PARENT;
    }
}
