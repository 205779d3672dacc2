package boutique.kit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * Builds the plaintext channels to other services from the reference's {@code *_ADDR} variables. Every call
 * on them has a deadline: the caller's own when it sets one (or when it is made while serving a call that
 * has one), otherwise the default. Channels are closed with the application.
 */
public final class GrpcChannels implements DisposableBean {

    private final Duration defaultDeadline;
    private final List<ManagedChannel> open = new CopyOnWriteArrayList<>();

    public GrpcChannels(Duration defaultDeadline) {
        this.defaultDeadline = defaultDeadline;
    }

    /**
     * A channel to {@code address} ("host:port"). A blank address stops start-up with a message that names
     * the variable it should have come from.
     */
    public ManagedChannel open(String variable, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set: it must name the "
                    + "host:port of the service to call");
        }
        ManagedChannel channel = NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .intercept(new DefaultDeadline(defaultDeadline))
                .build();
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
                channel.shutdownNow();
            }
        }
    }

    /** Gives a call without a deadline the default one; a deadline already set (or inherited) wins. */
    static final class DefaultDeadline implements ClientInterceptor {
        private final Duration deadline;

        DefaultDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            CallOptions withDeadline = options.getDeadline() == null
                    ? options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    : options;
            return next.newCall(method, withDeadline);
        }
    }
}
