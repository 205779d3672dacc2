package boutique.frontend;

import io.grpc.Channel;

/**
 * Opens the channel to one backend from its address variable. In production this is the kit's
 * {@link boutique.kit.GrpcChannels}; tests put in-process fakes behind it.
 */
@FunctionalInterface
interface ChannelOpener {

    Channel open(String variable, String address);
}
