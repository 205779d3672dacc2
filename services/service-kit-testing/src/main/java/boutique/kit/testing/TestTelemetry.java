package boutique.kit.testing;

import boutique.kit.GrpcServerLifecycle;
import boutique.kit.GrpcServerProperties;
import boutique.kit.Readiness;
import boutique.kit.StatusMappingInterceptor;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenTelemetry SDK whose finished spans and metrics stay in memory, with the kit's propagators (W3C trace
 * context and baggage), and the gRPC instrumentation wired as the kit wires it (the status mapping inside the
 * server span, so the span sees the status the client gets): what a test needs to see a call as Jaeger would
 * show it.
 */
public final class TestTelemetry implements AutoCloseable {

    /** The trace of a caller, as {@link #CALLER_TRACEPARENT} hands it to the service under test. */
    public static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** The caller's span, the parent of the service's server span. */
    public static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    /** A W3C {@code traceparent} header value for that caller's sampled span. */
    public static final String CALLER_TRACEPARENT = "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
            .build();
    private final GrpcTelemetry grpc = GrpcTelemetry.create(sdk);
    private final ExecutorService executor = Executors.newCachedThreadPool();

    /** The SDK, to hand to the code under test as its {@code OpenTelemetry}. */
    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    /** The reader of the metrics recorded so far. */
    public InMemoryMetricReader metrics() {
        return metrics;
    }

    /** The service behind the status mapping, inside a server span. */
    public BindableService traced(BindableService service) {
        return () -> ServerInterceptors.intercept(
                ServerInterceptors.intercept(service, new StatusMappingInterceptor()), grpc.createServerInterceptor());
    }

    /** {@code channel} whose calls are client spans carrying the trace context and baggage, as the kit's are. */
    public Channel traced(Channel channel) {
        return ClientInterceptors.intercept(channel, grpc.createClientInterceptor());
    }

    /** The service, {@link #traced(BindableService) traced}, on an in-process server. */
    public InProcessGrpc serve(BindableService service) {
        return InProcessGrpc.serve(traced(service));
    }

    /**
     * Like {@link #serve}, but calls run on a thread of their own, as in a real server. A service that is called
     * while another in-process call is served needs this: on the caller's thread its server span would sit
     * inside the caller's server span, and the instrumentation suppresses a server span nested in another.
     */
    public Server serveOnItsOwnThreads(BindableService service, String name) {
        try {
            return InProcessServerBuilder.forName(name)
                    .executor(executor)
                    .addService(traced(service))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service on the kit's gRPC server, on a free port, traced. Unlike an in-process server with a direct
     * executor, its calls run on the server's own threads, so the caller's context does not leak into them.
     */
    public GrpcServerLifecycle serveOnFreePort(BindableService service) {
        GrpcServerLifecycle server = new GrpcServerLifecycle(
                new GrpcServerProperties(0, null, null, null, null, false),
                List.of(service),
                new Readiness(),
                grpc.createServerInterceptor());
        server.start();
        return server;
    }

    /** A traced channel to {@code server}. */
    public ManagedChannel channelTo(GrpcServerLifecycle server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .intercept(grpc.createClientInterceptor())
                .build();
    }

    /** The spans finished so far. */
    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    /** The spans finished so far named {@code name}. */
    public List<SpanData> spans(String name) {
        return spans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** The first finished span named {@code name}, of any kind, without waiting. */
    public SpanData span(String name) {
        return spans().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " among " + names()));
    }

    /** The finished SERVER span named {@code name} (gRPC names both ends of a call alike), waiting for it. */
    public SpanData server(String name) {
        return span(name, SpanKind.SERVER);
    }

    /** The finished CLIENT span named {@code name}, waiting for it. */
    public SpanData client(String name) {
        return span(name, SpanKind.CLIENT);
    }

    /**
     * The first finished span named {@code name} of that kind. A server span ends once its answer has gone out,
     * which may be just after the client has it, so this waits for it (up to 10 s).
     */
    public SpanData span(String name, SpanKind kind) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (SpanData span : spans()) {
                if (span.getName().equals(name) && span.getKind() == kind) {
                    return span;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " span " + name + " among " + names());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for span " + name);
            }
        }
    }

    /**
     * The spans finished so far, once there is at least one: a server span may end just after its answer has
     * reached the client, so this waits for the first (up to 5 s; an empty list if none came).
     */
    public List<SpanData> awaitSpans() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<SpanData> finished = spans();
        while (finished.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            finished = spans();
        }
        return finished;
    }

    /** Kind and name of each span finished so far, for failure messages. */
    public List<String> names() {
        return spans().stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }

    /** Forgets the spans finished so far. */
    public void reset() {
        spans.reset();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        sdk.close();
    }
}
