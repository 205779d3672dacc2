package boutique.kit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the service's gRPC server inside the Spring Boot lifecycle: every {@link BindableService} bean behind
 * the status mapping, plus standard health (SERVING once the application is ready and while its
 * {@link Readiness} says so, NOT_SERVING from the moment shutdown begins) and reflection. Shutdown follows grpc-java: stop taking calls, wait, then force.
 */
public final class GrpcServerLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

    private final GrpcServerProperties properties;
    private final List<BindableService> services;
    private final Readiness readiness;
    private final ServerInterceptor telemetry;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;
    private volatile boolean started;

    /** The server of {@code services}, traced by {@code telemetry} (health and reflection are not). */
    public GrpcServerLifecycle(
            GrpcServerProperties properties,
            List<BindableService> services,
            Readiness readiness,
            ServerInterceptor telemetry) {
        this.telemetry = telemetry;
        this.properties = properties;
        this.services = services;
        this.readiness = readiness;
        readiness.onChange(this::reportHealth);
    }

    @Override
    public void start() {
        if (properties.port() == null) {
            throw new IllegalStateException("shop.grpc.port is not set: map the service's *_PORT variable onto it");
        }
        NettyServerBuilder builder = NettyServerBuilder.forPort(properties.port())
                .maxInboundMessageSize((int) properties.maxInboundMessageSize().toBytes())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        if (properties.directExecutor()) {
            builder.directExecutor();
        } else {
            builder.executor(callExecutor(properties.maxCallThreads()));
        }
        StatusMappingInterceptor mapping = new StatusMappingInterceptor();
        for (BindableService service : services) {
            // The last interceptor is the outermost: the span sees the status the mapping gave.
            builder.addService(ServerInterceptors.intercept(service, mapping, telemetry));
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.NOT_SERVING);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on port " + properties.port(), e);
        }
        log.info("gRPC server listening on port {}", server.getPort());
        keepAlive(server);
    }

    /**
     * Calls run on at most {@code threads} threads, made on demand and retired after a minute idle; more
     * calls queue. gRPC's default pool makes a thread per concurrent call, which a burst turns into hundreds
     * of thread stacks.
     */
    private static Executor callExecutor(int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new ThreadFactory() {
                    private final AtomicInteger count = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable task) {
                        Thread thread = new Thread(task, "grpc-call-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** gRPC's threads are daemons: one plain thread waits on the server so the JVM lives as long as it does. */
    private static void keepAlive(Server running) {
        Thread waiter = new Thread(
                () -> {
                    try {
                        running.awaitTermination();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "grpc-server-await");
        waiter.setDaemon(false);
        waiter.start();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        started = true;
        reportHealth();
    }

    /** SERVING once the application is ready and as long as it stays so; NOT_SERVING otherwise. */
    private synchronized void reportHealth() {
        if (!started || server == null) {
            return;
        }
        ServingStatus status = readiness.isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        for (BindableService service : services) {
            health.setStatus(service.bindService().getServiceDescriptor().getName(), status);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        synchronized (this) {
            started = false;
            health.enterTerminalState();
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }
}
