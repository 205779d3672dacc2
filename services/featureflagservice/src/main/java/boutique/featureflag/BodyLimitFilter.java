package boutique.featureflag;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over {@link #MAX_BODY_BYTES} with 413 and {@code {"error": "..."}} before anything
 * reads it. A declared length over the limit is refused at once, unread, and the connection closed. A body of
 * unknown length (chunked) is read at most up to the limit: form fields by Tomcat, whose form size limit
 * ({@code server.tomcat.max-http-form-post-size}) is the same, and any other reader through a counting stream.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodyLimitFilter extends OncePerRequestFilter {

    /** The UI's largest form, 100 characters of name and 1,000 of description percent-encoded as UTF-8, is under 11 KB. */
    static final int MAX_BODY_BYTES = 32 * 1024;

    static final String TOO_LARGE = "request body must be at most " + MAX_BODY_BYTES + " bytes";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
            return;
        }
        try {
            chain.doFilter(request.getContentLengthLong() < 0 ? new BoundedRequest(request) : request, response);
        } catch (ServletException | RuntimeException e) {
            // The framework may wrap what a reader threw.
            Throwable cause = e;
            while (cause != null
                    && !(cause instanceof InvalidParameterException)
                    && !(cause instanceof BodyTooLargeException)) {
                cause = cause.getCause();
            }
            if (cause == null || response.isCommitted()) {
                throw e;
            }
            if (cause instanceof InvalidParameterException unreadable
                    && unreadable.getErrorCode() != HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
                // Tomcat could not read the form fields for another reason: malformed, too many.
                refuse(response, HttpServletResponse.SC_BAD_REQUEST, "the form cannot be read");
            } else {
                refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
            }
        }
    }

    /** The error as JSON; the connection is closed so that Tomcat does not read the rest of the body. */
    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // The messages are our own constants, with nothing to escape.
        response.getWriter().write("{\"error\": \"" + message + "\"}");
    }

    /** A request whose body, of unknown length, reads as too large past the limit. */
    private static final class BoundedRequest extends HttpServletRequestWrapper {

        private ServletInputStream bounded;

        BoundedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (bounded == null) {
                bounded = new BoundedInputStream(super.getInputStream());
            }
            return bounded;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private long count;

        BoundedInputStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** Thrown by the bounded stream past the limit, answered 413 here. */
    static final class BodyTooLargeException extends RuntimeException {

        BodyTooLargeException() {
            super(TOO_LARGE, null, false, false);
        }
    }
}
