package boutique.kit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * Builds the plaintext channels to other services from the reference's {@code *_ADDR} variables. Every call
 * on them has a deadline. A call made while serving another keeps the deadline of the call it serves (gRPC
 * carries it in the {@link Context} and applies the earlier of that and the call's own); the default applies
 * only to a call that has no deadline at all. A call cut short by a connection that broke under it (the
 * service at the other end was killed, say) fails UNAVAILABLE, whatever grpc-java's transport made of it.
 * Channels are closed with the application.
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
        // Interceptors run last-added first: the deadline is settled before the span starts, and the span
        // ends with the status the caller gets.
        return NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .intercept(new BrokenConnectionIsUnavailable(), telemetry, new DefaultDeadline(defaultDeadline));
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

    /**
     * A call whose connection broke under it fails UNAVAILABLE. grpc-java mostly says so itself, but when the
     * break races a call's first write or cuts a frame short it says UNKNOWN ("channel closed") or INTERNAL
     * ("http2 exception"), and services pass a downstream's code on: a shopper would get a 500 for a service
     * that is merely restarting. A status the other side sent has no cause and is left as it is; so is one
     * made here for any other reason (a response that does not parse, say).
     */
    static final class BrokenConnectionIsUnavailable implements ClientInterceptor {

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(
                            new SimpleForwardingClientCallListener<>(listener) {
                                @Override
                                public void onClose(Status status, Metadata trailers) {
                                    super.onClose(asSeenByTheCaller(status), trailers);
                                }
                            },
                            headers);
                }
            };
        }

        static Status asSeenByTheCaller(Status status) {
            boolean vague = status.getCode() == Status.Code.UNKNOWN || status.getCode() == Status.Code.INTERNAL;
            if (vague && brokenConnection(status.getCause())) {
                return Status.UNAVAILABLE
                        .withDescription("connection broken: " + status.getDescription())
                        .withCause(status.getCause());
            }
            return status;
        }

        private static boolean brokenConnection(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof ClosedChannelException || t instanceof Http2Exception) {
                    return true;
                }
                if (t instanceof IOException && !(t instanceof InvalidProtocolBufferException)) {
                    return true;
                }
            }
            return false;
        }
    }
}
