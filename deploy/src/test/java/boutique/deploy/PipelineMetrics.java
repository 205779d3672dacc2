package boutique.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Prometheus metric names the dashboards may query, each with where it comes from. The collector's
 * Prometheus exporter names the services' metrics the way OpenTelemetry's Prometheus compatibility rules say:
 * dots become underscores, the unit is appended ({@code By} as {@code _bytes}, {@code s} as {@code _seconds},
 * {@code ms} as {@code _milliseconds}, {@code 1} on a gauge as {@code _ratio}; a unit in braces is dropped),
 * then {@code _total} on a monotonic counter; histograms become {@code _bucket}, {@code _sum} and {@code _count}.
 */
final class PipelineMetrics {

    /** Name, then its source: instrument, unit, and who records it. */
    static final Map<String, String> SOURCES = new LinkedHashMap<>();

    private static final String SPAN_METRICS = "collector: spanmetrics connector (namespace traces.span.metrics, ";
    private static final String RUNTIME =
            "every service: OpenTelemetry runtime metrics (RuntimeTelemetry in the kit), ";
    private static final String OWN = "collector: its own metrics on 8888, without unit or type suffixes, ";

    static {
        SOURCES.put("traces_span_metrics_calls_total", SPAN_METRICS + "sum 'calls', one per span)");
        SOURCES.put(
                "traces_span_metrics_duration_milliseconds_bucket",
                SPAN_METRICS + "histogram 'duration', unit ms, span end minus start)");

        SOURCES.put("jvm_memory_used_bytes", RUNTIME + "jvm.memory.used, By");
        SOURCES.put("jvm_memory_committed_bytes", RUNTIME + "jvm.memory.committed, By");
        SOURCES.put("jvm_memory_used_after_last_gc_bytes", RUNTIME + "jvm.memory.used_after_last_gc, By");
        SOURCES.put("jvm_gc_duration_seconds_sum", RUNTIME + "jvm.gc.duration, histogram, s");
        SOURCES.put("jvm_gc_duration_seconds_count", RUNTIME + "jvm.gc.duration, histogram, s");
        SOURCES.put("jvm_cpu_recent_utilization_ratio", RUNTIME + "jvm.cpu.recent_utilization, gauge, unit 1");
        SOURCES.put("jvm_thread_count", RUNTIME + "jvm.thread.count, {thread}");

        SOURCES.put(
                "app_recommendations_counter_total",
                "recommendationservice: counter app_recommendations_counter (products recommended), attribute"
                        + " recommendation.type");
        SOURCES.put(
                "app_ads_ad_requests_total",
                "adservice: counter app.ads.ad_requests, attributes app.ads.ad_request_type and"
                        + " app.ads.ad_response_type");

        for (String signal : new String[] {"spans", "metric_points", "log_records"}) {
            SOURCES.put("otelcol_receiver_accepted_" + signal, OWN + "receiver counter");
            SOURCES.put("otelcol_receiver_refused_" + signal, OWN + "receiver counter (the memory limiter refuses)");
            SOURCES.put("otelcol_exporter_sent_" + signal, OWN + "exporter counter");
            SOURCES.put("otelcol_exporter_send_failed_" + signal, OWN + "exporter counter");
        }
        SOURCES.put("otelcol_exporter_queue_size", OWN + "exporter sending-queue gauge");
        SOURCES.put("otelcol_exporter_queue_capacity", OWN + "exporter sending-queue gauge");
        SOURCES.put("otelcol_process_memory_rss", OWN + "process gauge, bytes");
        SOURCES.put("otelcol_process_runtime_heap_alloc_bytes", OWN + "process gauge");
        SOURCES.put("otelcol_process_cpu_seconds", OWN + "process counter");
        SOURCES.put("otelcol_process_uptime", OWN + "process counter, seconds");
    }

    private PipelineMetrics() {}
}
