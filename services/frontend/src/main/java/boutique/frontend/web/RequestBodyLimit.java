package boutique.frontend.web;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.CoyoteInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything else reads it, on every path: pages, forms, the JSON API. A body
 * declared longer than the limit is refused with 413 at once, unread; a chunked one (no length declared) is
 * read until it passes the limit, then refused the same way; one that has not arrived in full within the
 * timeout is refused with 408. Tomcat closes the connection after either answer without reading the rest.
 *
 * <p>A body within both bounds is read here, whole, and served from memory to the handlers (as
 * {@link ReadAheadRequest}), so no handler buffers an unbounded body. It is read without holding a thread:
 * a body that came in full with the request's head (a small one usually does) goes straight on; otherwise the
 * request goes asynchronous while the rest arrives, and is dispatched to the handlers once it is in, so
 * clients that trickle their bodies in cannot occupy Tomcat's few threads. MockMvc's requests, whose body is
 * in memory already and cannot be read asynchronously, are only checked against the limit.
 *
 * <p>It runs just after the kit's telemetry filter, so a refused body shows in the request's server span, and it
 * carries the span's context into the dispatch that follows the reading.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);

    /** The request attribute holding a body read ahead, for the dispatch that follows the reading. */
    private static final String BODY = RequestBodyLimit.class.getName() + ".body";

    /** The request attribute holding the request's OpenTelemetry context, for that dispatch. */
    private static final String CONTEXT = RequestBodyLimit.class.getName() + ".context";

    private final int maxBytes;
    private final Duration timeout;
    private final ErrorReplies replies;

    RequestBodyLimit(int maxBytes, Duration timeout, ErrorReplies replies) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.replies = replies;
    }

    /** The dispatch after the body has been read is asynchronous: the handlers run in it. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BODY) instanceof byte[] body) {
            // The dispatch runs on another thread, outside the telemetry filter: the handlers' backend calls
            // belong to the server span that filter started for the request.
            try (Scope ignored = ((Context) request.getAttribute(CONTEXT)).makeCurrent()) {
                chain.doFilter(new ReadAheadRequest(request, body), response);
            }
            return;
        }
        long declared = request.getContentLengthLong();
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (isAsyncDispatch(request) || declared == 0 || (declared < 0 && !chunked)) {
            chain.doFilter(request, response);
            return;
        }
        if (declared > maxBytes) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
            return;
        }
        ServletInputStream in = request.getInputStream();
        if (!(in instanceof CoyoteInputStream)) {
            // MockMvc's request: its body is in memory already, its length declared and checked above.
            chain.doFilter(request, response);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (declared > 0) {
            byte[] buffered = new byte[(int) declared];
            int received = readBuffered(in, buffered);
            if (received == buffered.length) {
                // The whole body came with the head, as a small one usually does: no need to wait for it.
                chain.doFilter(new ReadAheadRequest(request, buffered), response);
                return;
            }
            body.write(buffered, 0, received);
        }
        request.setAttribute(CONTEXT, Context.current());
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeout.toMillis());
        BodyReader reader = new BodyReader(async, in, request, response, body);
        async.addListener(reader);
        in.setReadListener(reader);
    }

    /**
     * Reads into {@code body} what Tomcat has already received of it, without waiting for more; returns how
     * many bytes that was.
     */
    private static int readBuffered(ServletInputStream in, byte[] body) throws IOException {
        int received = 0;
        while (received < body.length && in.available() > 0) {
            int read = in.read(body, received, body.length - received);
            if (read < 0) {
                break;
            }
            received += read;
        }
        return received;
    }

    private String tooLarge() {
        return "the request body must be at most " + maxBytes + " bytes";
    }

    private String tooSlow() {
        return "the request body must arrive within " + timeout.toMillis() + " ms";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), message);
        try {
            replies.write(request, response, status, message);
        } catch (IOException e) {
            log.debug(
                    "{} {}: the client left before the answer {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status);
        } catch (Exception e) {
            throw new IOException("the answer " + status + " could not be written", e);
        }
    }

    /**
     * Reads one body as it arrives, on Tomcat's threads only while there is something to read; then dispatches
     * the request to the handlers, or refuses it. Tomcat calls it for one request at a time; the flag only
     * makes sure a late timeout cannot answer a request that is already answered.
     */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final ServletInputStream in;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final ByteArrayOutputStream body;
        private final byte[] chunk = new byte[4096];
        private final AtomicBoolean answered = new AtomicBoolean();

        /** Reads the rest of a body of which {@code body} holds what had arrived before. */
        BodyReader(
                AsyncContext async,
                ServletInputStream in,
                HttpServletRequest request,
                HttpServletResponse response,
                ByteArrayOutputStream body) {
            this.async = async;
            this.body = body;
            this.in = in;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                int read = in.read(chunk);
                if (read < 0) {
                    return;
                }
                body.write(chunk, 0, read);
                if (body.size() > maxBytes) {
                    refuseOnce(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (answered.compareAndSet(false, true)) {
                request.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable error) {
            log.debug(
                    "{} {}: reading the body failed: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    error.toString());
            if (error instanceof SocketTimeoutException) {
                // The client stopped sending and Tomcat's wait for its next bytes ran out before ours did.
                try {
                    refuseOnce(HttpStatus.REQUEST_TIMEOUT, tooSlow());
                } catch (IOException e) {
                    log.debug("{} {}: the 408 could not be written", request.getMethod(), request.getRequestURI());
                }
                return;
            }
            // The client went away, or the connection broke, while sending its body.
            if (answered.compareAndSet(false, true)) {
                async.complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            refuseOnce(HttpStatus.REQUEST_TIMEOUT, tooSlow());
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}

        private void refuseOnce(HttpStatus status, String message) throws IOException {
            if (answered.compareAndSet(false, true)) {
                try {
                    refuse(request, response, status, message);
                } finally {
                    async.complete();
                }
            }
        }
    }
}
