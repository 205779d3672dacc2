package boutique.loadgenerator;

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
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the OpenTelemetry Collector on a free port: takes OTLP over gRPC, as the collector does on 4317,
 * and keeps the spans, the metric names and the log bodies, each with the service that sent it.
 */
final class OtlpReceiver implements AutoCloseable {

    record ReceivedSpan(String service, Span span) {
        String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        boolean isRoot() {
            return span.getParentSpanId().equals(ByteString.EMPTY);
        }
    }

    record ReceivedLog(String service, String body) {}

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> metricNames = new ConcurrentHashMap<>();
    private final Server server;

    OtlpReceiver() {
        try {
            server = NettyServerBuilder.forPort(0)
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
                                                .forEach(log -> logs.add(new ReceivedLog(
                                                        service, log.getBody().getStringValue()))));
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

    String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedLog> logs() {
        return List.copyOf(logs);
    }

    Map<String, Set<String>> metricNames() {
        return Map.copyOf(metricNames);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static String serviceOf(Resource resource) {
        return resource.getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals("service.name"))
                .map(attribute -> attribute.getValue())
                .map(AnyValue::getStringValue)
                .findFirst()
                .orElse("?");
    }
}
