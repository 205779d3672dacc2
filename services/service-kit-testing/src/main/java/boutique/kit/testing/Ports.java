package boutique.kit.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers that tests stop and start again. */
public final class Ports {

    private Ports() {}

    /**
     * A TCP port nobody listens on, below Linux's ephemeral range (32768 and up). A connection to a closed
     * ephemeral port can be given that same port as its source and connect to itself (TCP simultaneous open):
     * the client then reads its own commands back as if Redis had answered them.
     */
    public static int closedPort() {
        for (int tries = 0; tries < 100; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port below 32768");
    }
}
