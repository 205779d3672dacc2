package boutique.kit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * Builds the plaintext channels to other services from the reference's {@code *_ADDR} variables. Every call
 * on them has a deadline. A call made while serving another keeps the deadline of the call it serves (gRPC
 * carries it in the {@link Context} and applies the earlier of that and the call's own); the default applies
 * only to a call that has no deadline at all. Channels are closed with the application.
 */
public final class GrpcChannels implements DisposableBean {

    private final Duration defaultDeadline;
    private final ClientInterceptor telemetry;
    private final List<ManagedChannel> open = new CopyOnWriteArrayList<>();
    private final List<EventLoopGroup> ownThreads = new CopyOnWriteArrayList<>();

    /** Channels whose calls get {@code defaultDeadline} when they have none, traced by {@code telemetry}. */
    public GrpcChannels(Duration defaultDeadline, ClientInterceptor telemetry) {
        this.defaultDeadline = defaultDeadline;
        this.telemetry = telemetry;
    }

    /**
     * A channel to {@code address} ("host:port"). A blank address stops start-up with a message that names
     * the variable it should have come from.
     */
    public ManagedChannel open(String variable, String address) {
        return open(builder(variable, address));
    }

    /**
     * A channel to {@code address} with a network thread of its own. A blocking call on it may be made from
     * gRPC's shared network threads (a server that runs its calls on them, see
     * {@link GrpcServerProperties#directExecutor()}): on a shared thread, its answer could wait for the very
     * thread that waits for it.
     */
    public ManagedChannel openOnOwnThread(String variable, String address, String threadName) {
        NettyChannelBuilder builder = builder(variable, address);
        EventLoopGroup thread = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
        ownThreads.add(thread);
        return open(builder.eventLoopGroup(thread).channelType(NioSocketChannel.class));
    }

    private NettyChannelBuilder builder(String variable, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set: it must name the "
                    + "host:port of the service to call");
        }
        // Interceptors run last-added first: the deadline is settled before the span starts.
        return NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .intercept(telemetry, new DefaultDeadline(defaultDeadline));
    }

    private ManagedChannel open(NettyChannelBuilder builder) {
        ManagedChannel channel = builder.build();
        open.add(channel);
        return channel;
    }

    @Override
    public void destroy() throws InterruptedException {
        for (ManagedChannel channel : open) {
            channel.shutdown();
        }
        for (ManagedChannel channel : open) {
            if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
                channel.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        }
        // Only once their channels are closed, so no channel is left with a stopped thread.
        for (EventLoopGroup thread : ownThreads) {
            thread.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
        }
    }

    /**
     * Gives a call with no deadline of its own and none inherited the default one. gRPC uses the earlier of the
     * call's and the context's deadline, so adding the default to a call that serves a caller with a longer
     * deadline would cut that caller's time short.
     */
    static final class DefaultDeadline implements ClientInterceptor {
        private final Duration deadline;

        DefaultDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            boolean hasDeadline =
                    options.getDeadline() != null || Context.current().getDeadline() != null;
            CallOptions withDeadline =
                    hasDeadline ? options : options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return next.newCall(method, withDeadline);
        }
    }
}
