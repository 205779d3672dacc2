package boutique.launcher;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plaintext gRPC channels to the services of a running shop, shut down together. */
final class ShopChannels implements AutoCloseable {

    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

    /** A new channel to the service whose port the shop's {@code portVariable} names. */
    ManagedChannel to(Shop shop, String portVariable) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(
                        "127.0.0.1", Integer.parseInt(shop.env().get(portVariable)))
                .usePlaintext()
                .build();
        channels.add(channel);
        return channel;
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
