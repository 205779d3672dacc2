package boutique.frontend.backend;

import io.grpc.Channel;

/**
 * Opens the channel to one backend from its address variable. In production this is the kit's
 * {@link boutique.kit.GrpcChannels}, traced; tests put in-process fakes behind it.
 */
@FunctionalInterface
public interface ChannelOpener {

    Channel open(String variable, String address);
}
