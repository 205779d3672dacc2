package boutique.frontend.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange on a plain socket, for what an HTTP client library will not send: a body far larger
 * than it claims to be worth, a chunked body, a body a byte at a time. It writes the request head, then the
 * body (stopping quietly when the server has closed the connection), and reads whatever answer came back.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    RawHttp head(String head) throws IOException {
        out.write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Sends {@code total} bytes of {@code fill} as the body, chunked or not; false when the server stopped it. */
    boolean body(long total, byte fill, boolean chunked) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, fill);
        long sent = 0;
        try {
            while (sent < total) {
                int length = (int) Math.min(block.length, total - sent);
                if (chunked) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(block, 0, length);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                sent += length;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the body as given; false when the server stopped it. */
    boolean body(byte[] body) {
        try {
            out.write(body);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends up to {@code bytes} bytes of body one at a time, pausing between them, and stops as soon as the
     * server answers or closes the connection. Returns how many bytes were sent.
     */
    int trickle(int bytes, Duration pause) throws InterruptedException {
        for (int sent = 0; sent < bytes; sent++) {
            try {
                if (in.available() > 0) {
                    return sent;
                }
                out.write(' ');
                out.flush();
            } catch (IOException e) {
                return sent;
            }
            Thread.sleep(pause.toMillis());
        }
        return bytes;
    }

    /** Whether the server has sent something already, without waiting for it. */
    boolean hasAnswer() throws IOException {
        return in.available() > 0;
    }

    /** Everything the server sent until it closed the connection or stopped sending for a while. */
    String response() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            int read;
            while ((read = in.read(buffer)) != -1) {
                all.write(buffer, 0, read);
                if (complete(all.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (IOException e) {
            // A reset after the answer: what arrived before it is what counts.
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** An answer is complete once its head and the body its Content-Length announces, or its last chunk, are in. */
    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = response.substring(0, end).toLowerCase(Locale.ROOT);
        String body = response.substring(end + 4);
        int length = head.indexOf("content-length: ");
        if (length >= 0) {
            int value = Integer.parseInt(
                    head.substring(length + 16).lines().findFirst().orElse("0").trim());
            return body.getBytes(StandardCharsets.UTF_8).length >= value;
        }
        return body.endsWith("0\r\n\r\n");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
