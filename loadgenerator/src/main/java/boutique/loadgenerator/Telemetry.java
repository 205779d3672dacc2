package boutique.loadgenerator;

import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator's own telemetry, configured only by the standard {@code OTEL_*} variables through the
 * OpenTelemetry SDK's autoconfiguration: a span per shopper task (see {@link TaskSpans}), JVM runtime metrics and
 * the log records, over OTLP to {@code OTEL_EXPORTER_OTLP_ENDPOINT}, as service {@code loadgenerator} unless
 * {@code OTEL_SERVICE_NAME} says otherwise. A signal whose exporter is {@code none}, or all of them with
 * {@code OTEL_SDK_DISABLED=true}, costs nothing, and without a span exporter the requests carry no trace context.
 */
final class Telemetry implements AutoCloseable {

    static final String SERVICE_NAME = "loadgenerator";

    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
    private static final String LOG_APPENDER = "otel";
    // The java.util.logging loggers that report failed exports, held so that their handler stays configured:
    // the OTLP exporters' parent, and the metric reader's, which adds a line of its own per failed export.
    private static final List<java.util.logging.Logger> EXPORT_LOGS = List.of(
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter"),
            java.util.logging.Logger.getLogger("io.opentelemetry.sdk.metrics.export.PeriodicMetricReader"));
    // The flush at exit gets this long in all, so a stop is not held up by a collector that does not answer.
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);

    private final OpenTelemetrySdk sdk;
    private final TaskSpans tasks;
    private final boolean logsExported;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Telemetry(OpenTelemetrySdk sdk, TaskSpans tasks, boolean logsExported) {
        this.sdk = sdk;
        this.tasks = tasks;
        this.logsExported = logsExported;
    }

    /** Nothing: no spans, no trace headers, no metrics, no log export. */
    static Telemetry off() {
        return new Telemetry(null, TaskSpans.none(), false);
    }

    /** Task spans from {@code openTelemetry}, which the caller owns; no runtime metrics and no log export. */
    static Telemetry tasksOnly(OpenTelemetry openTelemetry) {
        return new Telemetry(null, TaskSpans.of(openTelemetry), false);
    }

    /**
     * The SDK as the {@code OTEL_*} variables (or {@code otel.*} system properties) configure it; starts the
     * runtime metrics and attaches the log appender for the signals that are exported.
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException on a bad {@code OTEL_*} value
     */
    static Telemetry fromEnvironment() {
        AtomicBoolean spans = new AtomicBoolean();
        AtomicBoolean metrics = new AtomicBoolean();
        AtomicBoolean logs = new AtomicBoolean();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // A default below the variables: OTEL_SERVICE_NAME wins.
                .addPropertiesSupplier(() -> Map.of("otel.service.name", SERVICE_NAME))
                // Each customizer runs once per configured exporter: none for "none" or a disabled SDK.
                .addSpanExporterCustomizer((exporter, config) -> {
                    spans.set(true);
                    return exporter;
                })
                .addMetricExporterCustomizer((exporter, config) -> {
                    metrics.set(true);
                    return exporter;
                })
                .addLogRecordExporterCustomizer((exporter, config) -> {
                    logs.set(true);
                    return exporter;
                })
                .disableShutdownHook() // close() ends the open task spans first, then flushes
                .build()
                .getOpenTelemetrySdk();
        reportExportFailuresOnce();
        if (metrics.get()) {
            // JVM memory, GC, threads, classes and CPU, observed at each export for as long as the process lives.
            RuntimeTelemetry.create(sdk);
        }
        Telemetry telemetry = new Telemetry(sdk, spans.get() ? TaskSpans.of(sdk) : TaskSpans.none(), logs.get());
        telemetry.attachLogs();
        return telemetry;
    }

    TaskSpans tasks() {
        return tasks;
    }

    /**
     * After a Gatling run: ends the spans of the tasks the run's end cut off, and attaches the log appender again,
     * as Gatling stops the logging system when a run ends and the load generator starts it afresh.
     */
    void afterRun() {
        tasks.endUnfinished();
        attachLogs();
    }

    /** Ends the open task spans, then flushes and stops the exporters, waiting at most 3 s; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        tasks.close();
        if (sdk != null) {
            // The SDK's shutdown blocks by itself (the metric reader waits up to 15 s for a last export, which the
            // exporter keeps retrying while no collector answers), so the wait is bounded from another thread.
            Thread flush = new Thread(
                    () -> sdk.shutdown().join(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS), "telemetry-flush");
            flush.setDaemon(true);
            flush.start();
            try {
                flush.join(SHUTDOWN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The logback records of every logger that reaches the root, over OTLP, beside the console. */
    private void attachLogs() {
        if (!logsExported || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(LOG_APPENDER) != null) {
            return;
        }
        OpenTelemetryAppender appender = new OpenTelemetryAppender();
        appender.setContext(context);
        appender.setName(LOG_APPENDER);
        appender.setOpenTelemetry(sdk);
        appender.start();
        root.addAppender(appender);
    }

    /**
     * The SDK logs failed exports through java.util.logging: the OTLP exporters each failure (at most one line a
     * minute per signal once throttled), the metric reader one more line per failed export. With no collector that
     * is a steady trickle on the console. The first line is worth showing, as it names the endpoint's problem; the
     * rest are dropped.
     */
    private static synchronized void reportExportFailuresOnce() {
        if (Arrays.stream(EXPORT_LOGS.get(0).getHandlers()).anyMatch(FirstFailureOnly.class::isInstance)) {
            return;
        }
        Handler handler = new FirstFailureOnly();
        for (java.util.logging.Logger logger : EXPORT_LOGS) {
            logger.setUseParentHandlers(false);
            logger.addHandler(handler);
        }
    }

    private static final class FirstFailureOnly extends Handler {
        private final AtomicBoolean reported = new AtomicBoolean();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && reported.compareAndSet(false, true)) {
                log.warn("Telemetry export failed, later failures are not logged: {}", record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
