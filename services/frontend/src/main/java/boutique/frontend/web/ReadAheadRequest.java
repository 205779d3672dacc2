package boutique.frontend.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;

/**
 * A request whose body {@link RequestBodyLimit} has read already: the body is served from memory, and the fields
 * of a form post are its parameters after those of the query, as the servlet container would give them.
 */
final class ReadAheadRequest extends HttpServletRequestWrapper {

    /** As many parameters as Tomcat takes from a query string. */
    static final int MAX_FORM_FIELDS = 1_000;

    private final byte[] body;
    private Map<String, String[]> parameters;

    ReadAheadRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body has been read already; it is served from memory");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset()));
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            parameters = isFormPost() ? withForm() : super.getParameterMap();
        }
        return parameters;
    }

    private boolean isFormPost() {
        if (!"POST".equals(getMethod()) || getContentType() == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(getContentType()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The query's parameters, then the form's fields, read by Spring's own form reader. */
    private Map<String, String[]> withForm() {
        MultiValueMap<String, String> form;
        try {
            form = new FormHttpMessageConverter().read(null, new Body());
        } catch (IOException | IllegalArgumentException | HttpMessageNotReadableException e) {
            throw new BadInput("the form could not be read: it must be URL-encoded");
        }
        if (form.values().stream().mapToInt(List::size).sum() > MAX_FORM_FIELDS) {
            throw new BadInput("too many request parameters");
        }
        Map<String, String[]> merged = new LinkedHashMap<>(super.getParameterMap());
        form.forEach((name, values) -> merged.merge(name, fieldValues(values), ReadAheadRequest::concat));
        return Collections.unmodifiableMap(merged);
    }

    /** A field without {@code =} has the empty value, as the servlet container reads it. */
    private static String[] fieldValues(List<String> values) {
        return values.stream().map(v -> v == null ? "" : v).toArray(String[]::new);
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        try {
            return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The body as Spring's message converters read it. */
    private final class Body implements HttpInputMessage {

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, charset()));
            return headers;
        }
    }
}
