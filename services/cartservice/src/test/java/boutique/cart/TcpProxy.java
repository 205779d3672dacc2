package boutique.cart;

import boutique.kit.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the real Redis that a test can cut (port closed, connections dropped), freeze (bytes
 * swallowed, so commands hang) and restore: a Redis outage played without stopping the Redis others share.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port = Ports.closedPort();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Bytes clients sent, passed on or swallowed. */
    private final AtomicLong received = new AtomicLong();

    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile boolean frozen;

    TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        restore();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Bytes the clients have sent so far: unchanged over a call that never reached Redis. */
    long received() {
        return received.get();
    }

    void cut() {
        close();
    }

    void freeze() {
        frozen = true;
    }

    void restore() {
        frozen = false;
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            acceptor = daemon(() -> accept(listening));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket redis = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(redis);
                daemon(() -> pump(client, redis, true));
                daemon(() -> pump(redis, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (fromClient) {
                    received.addAndGet(n);
                }
                if (!frozen) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "tcp-proxy");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        ServerSocket listening = server;
        server = null;
        if (listening != null) {
            try {
                listening.close();
                // The JDK closes a listening socket for good only once the thread blocked in accept() has left it;
                // until then new connections are still taken (measured: a third of the time right after close).
                acceptor.join(5_000);
            } catch (IOException e) {
                // already closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }
}
