package boutique.kit.web;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body whole, refusing one over a limit before it can fill the heap. */
public final class RequestBodies {

    private RequestBodies() {}

    /** The body's bytes; a body longer than {@code limit} bytes is a {@link PayloadTooLargeException}. */
    public static byte[] readAtMost(InputStream body, int limit) throws IOException {
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new PayloadTooLargeException("body must be at most " + limit + " bytes");
        }
        return bytes;
    }

    /** A body over the limit, answered 413 by {@link JsonErrorAdvice}. */
    public static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}
