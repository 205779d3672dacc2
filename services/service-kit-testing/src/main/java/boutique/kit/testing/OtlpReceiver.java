package boutique.kit.testing;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the OpenTelemetry Collector on a free port: takes OTLP over gRPC, as the collector does on 4317,
 * and keeps the spans, the metric names and the log records, each with the service that sent it, so a test can
 * look at them as a Jaeger or Prometheus user would.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A span with the name of the service that sent it. */
    public record ReceivedSpan(String service, Span span) {
        public String traceId() {
            return hex(span.getTraceId());
        }

        public String spanId() {
            return hex(span.getSpanId());
        }

        /** The parent's id in hex, or the empty string for a root span. */
        public String parentSpanId() {
            return hex(span.getParentSpanId());
        }

        public boolean isRoot() {
            return span.getParentSpanId().isEmpty();
        }

        public Optional<AnyValue> attribute(String key) {
            return find(span.getAttributesList(), key);
        }
    }

    /** A log record with the name of the service that sent it. */
    public record ReceivedLog(String service, LogRecord record) {
        public String traceId() {
            return hex(record.getTraceId());
        }

        public String body() {
            return record.getBody().getStringValue();
        }
    }

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> metricNames = new ConcurrentHashMap<>();
    private final Server server;

    /** Starts listening on a free port, which {@link #endpoint()} names. */
    public OtlpReceiver() {
        try {
            server = NettyServerBuilder.forPort(0)
                    .maxInboundMessageSize(16 * 1024 * 1024)
                    .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                        @Override
                        public void export(
                                ExportTraceServiceRequest request,
                                StreamObserver<ExportTraceServiceResponse> response) {
                            request.getResourceSpansList().forEach(resourceSpans -> {
                                String service = serviceOf(resourceSpans.getResource());
                                resourceSpans
                                        .getScopeSpansList()
                                        .forEach(scope -> scope.getSpansList()
                                                .forEach(span -> spans.add(new ReceivedSpan(service, span))));
                            });
                            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                        @Override
                        public void export(
                                ExportMetricsServiceRequest request,
                                StreamObserver<ExportMetricsServiceResponse> response) {
                            request.getResourceMetricsList().forEach(resourceMetrics -> {
                                Set<String> names = metricNames.computeIfAbsent(
                                        serviceOf(resourceMetrics.getResource()),
                                        service -> ConcurrentHashMap.newKeySet());
                                resourceMetrics
                                        .getScopeMetricsList()
                                        .forEach(scope ->
                                                scope.getMetricsList().forEach(metric -> names.add(metric.getName())));
                            });
                            response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .addService(new LogsServiceGrpc.LogsServiceImplBase() {
                        @Override
                        public void export(
                                ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> response) {
                            request.getResourceLogsList().forEach(resourceLogs -> {
                                String service = serviceOf(resourceLogs.getResource());
                                resourceLogs
                                        .getScopeLogsList()
                                        .forEach(scope -> scope.getLogRecordsList()
                                                .forEach(log -> logs.add(new ReceivedLog(service, log))));
                            });
                            response.onNext(ExportLogsServiceResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The spans received so far. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans received so far of the trace with that hex id. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The log records received so far. */
    public List<ReceivedLog> logs() {
        return List.copyOf(logs);
    }

    /** The names of the metrics received so far, by the service that sent them. */
    public Map<String, Set<String>> metricNames() {
        return Map.copyOf(metricNames);
    }

    /** The names of the metrics received so far from that service. */
    public Set<String> metricNames(String service) {
        return Set.copyOf(metricNames.getOrDefault(service, Set.of()));
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static String serviceOf(Resource resource) {
        return find(resource.getAttributesList(), "service.name")
                .map(AnyValue::getStringValue)
                .orElse("?");
    }

    private static Optional<AnyValue> find(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(attribute -> attribute.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst();
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
