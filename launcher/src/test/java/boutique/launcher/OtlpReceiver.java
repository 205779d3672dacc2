package boutique.launcher;

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
 * A stand-in for the OpenTelemetry Collector: takes OTLP over gRPC, as the collector does on 4317, and keeps
 * what the services send, so a test can look at it as a Jaeger or Prometheus user would.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A span with the name of the service that sent it. */
    record Received(String service, Span span) {
        String traceId() {
            return hex(span.getTraceId());
        }

        String spanId() {
            return hex(span.getSpanId());
        }

        String parentSpanId() {
            return hex(span.getParentSpanId());
        }

        Optional<AnyValue> attribute(String key) {
            return find(span.getAttributesList(), key);
        }
    }

    /** A log record with the name of the service that sent it. */
    record ReceivedLog(String service, LogRecord record) {
        String traceId() {
            return hex(record.getTraceId());
        }
    }

    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> metricsByService = new ConcurrentHashMap<>();
    private final Server server;

    OtlpReceiver(int port) {
        try {
            server = NettyServerBuilder.forPort(port)
                    .maxInboundMessageSize(16 * 1024 * 1024)
                    .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                        @Override
                        public void export(
                                ExportTraceServiceRequest request,
                                StreamObserver<ExportTraceServiceResponse> response) {
                            request.getResourceSpansList().forEach(rs -> {
                                String service = serviceName(rs.getResource());
                                rs.getScopeSpansList()
                                        .forEach(ss -> ss.getSpansList()
                                                .forEach(span -> spans.add(new Received(service, span))));
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
                            request.getResourceMetricsList().forEach(rm -> {
                                Set<String> names = metricsByService.computeIfAbsent(
                                        serviceName(rm.getResource()), s -> ConcurrentHashMap.newKeySet());
                                rm.getScopeMetricsList()
                                        .forEach(sm -> sm.getMetricsList().forEach(m -> names.add(m.getName())));
                            });
                            response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .addService(new LogsServiceGrpc.LogsServiceImplBase() {
                        @Override
                        public void export(
                                ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> response) {
                            request.getResourceLogsList().forEach(rl -> {
                                String service = serviceName(rl.getResource());
                                rl.getScopeLogsList()
                                        .forEach(sl -> sl.getLogRecordsList()
                                                .forEach(record -> logs.add(new ReceivedLog(service, record))));
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

    List<Received> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    List<Received> spans() {
        return spans;
    }

    List<ReceivedLog> logs() {
        return logs;
    }

    Set<String> metricNames(String service) {
        return metricsByService.getOrDefault(service, Set.of());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static String serviceName(Resource resource) {
        return find(resource.getAttributesList(), "service.name")
                .map(AnyValue::getStringValue)
                .orElse("?");
    }

    private static Optional<AnyValue> find(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(kv -> kv.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst();
    }

    static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
