package boutique.launcher;

import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the OpenTelemetry Collector's OTLP/gRPC receiver that takes every export and drops it,
 * counting what arrived. With it listening on 127.0.0.1:4317, {@code ./shop up} turns the services' exporters on,
 * so the shop runs (and is benchmarked) with its telemetry fully on, without a collector installed.
 */
final class OtlpSink implements AutoCloseable {

    /** The three export methods of OTLP/gRPC, by the signal each carries. */
    private static final Map<String, String> SIGNALS = Map.of(
            "opentelemetry.proto.collector.trace.v1.TraceService/Export", "traces",
            "opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "metrics",
            "opentelemetry.proto.collector.logs.v1.LogsService/Export", "logs");

    private final Map<String, AtomicLong> exports = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
    private final Server server;

    OtlpSink(int port) throws IOException {
        Map<String, ServerMethodDefinition<?, ?>> methods = new ConcurrentHashMap<>();
        SIGNALS.forEach((method, signal) -> {
            exports.put(signal, new AtomicLong());
            bytes.put(signal, new AtomicLong());
            methods.put(method, export(method, signal));
        });
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .maxInboundMessageSize(16 * 1024 * 1024)
                .fallbackHandlerRegistry(new HandlerRegistry() {
                    @Override
                    public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                        return methods.get(method); // anything else: UNIMPLEMENTED
                    }
                })
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    /** For example {@code traces 120 exports (1.4 MB), metrics 12 exports (80 KB), logs 0 exports (0 KB)}. */
    String summary() {
        StringBuilder line = new StringBuilder();
        for (String signal : new String[] {"traces", "metrics", "logs"}) {
            if (!line.isEmpty()) {
                line.append(", ");
            }
            line.append(String.format(
                    "%s %d exports (%d KB)",
                    signal, exports.get(signal).get(), bytes.get(signal).get() / 1024));
        }
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Reads the request's bytes and answers with an empty response, which is a valid Export*ServiceResponse. */
    private ServerMethodDefinition<Long, Long> export(String method, String signal) {
        MethodDescriptor<Long, Long> descriptor = MethodDescriptor.newBuilder(new Discarding(), new Discarding())
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method)
                .build();
        return ServerMethodDefinition.create(descriptor, ServerCalls.asyncUnaryCall((size, response) -> {
            exports.get(signal).incrementAndGet();
            bytes.get(signal).addAndGet(size);
            response.onNext(0L);
            response.onCompleted();
        }));
    }

    /** A message is its size: read and dropped on the way in, nothing on the way out. */
    private static final class Discarding implements MethodDescriptor.Marshaller<Long> {

        @Override
        public InputStream stream(Long value) {
            return InputStream.nullInputStream();
        }

        @Override
        public Long parse(InputStream stream) {
            try (stream) {
                return stream.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
