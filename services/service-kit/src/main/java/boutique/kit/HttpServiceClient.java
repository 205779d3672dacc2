package boutique.kit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls another shop service over HTTP with Spring's {@link RestClient}, set up from the reference's
 * {@code *_ADDR} variable the way {@link GrpcChannels} sets up gRPC channels: the base URL ({@code http://} added
 * when missing, trailing slashes dropped; a blank or malformed value stops start-up naming the variable), a
 * connect and a read timeout that a call made while serving a gRPC call shortens to that call's deadline, an
 * answer cut off when it is still arriving after the read timeout, answers of at most
 * {@value #MAX_ANSWER_BYTES} bytes, and one mapping of every failure (refused, timed out, a
 * status other than 2xx, an answer that cannot be read) to UNAVAILABLE with a message naming the service, or to
 * DEADLINE_EXCEEDED when the caller's deadline ran out first.
 */
public final class HttpServiceClient {

    /** As the gRPC servers' inbound limit: no answer of the shop's HTTP services comes near it. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final String service;
    private final URI baseUrl;
    private final Duration readTimeout;
    private final RestClient rest;

    /**
     * A client of {@code service} (named in messages, e.g. "the quote service") at the URL in {@code address},
     * the value of {@code variable}. The builder is Spring Boot's (or {@code RestClient.builder()}); it is
     * copied, not changed.
     */
    public HttpServiceClient(
            RestClient.Builder builder,
            String service,
            String variable,
            String address,
            Duration connectTimeout,
            Duration readTimeout) {
        this.service = service;
        this.baseUrl = baseUrl(variable, address);
        this.readTimeout = readTimeout;
        this.rest = builder.clone()
                .baseUrl(baseUrl.toString())
                .requestFactory(new DeadlineBoundRequestFactory(connectTimeout, readTimeout))
                .requestInterceptor((request, body, execution) -> {
                    long end = System.nanoTime() + timeLeft(readTimeout).toNanos();
                    return new BoundedAnswer(execution.execute(request, body), end);
                })
                // Not only 4xx and 5xx: a redirect or an informational status is no answer either. The body of
                // such an answer is never read.
                .defaultStatusHandler(status -> !status.is2xxSuccessful(), (request, response) -> {
                    throw new RestClientResponseException(
                            "HTTP " + response.getStatusCode().value(),
                            response.getStatusCode(),
                            "",
                            HttpHeaders.EMPTY,
                            null,
                            null);
                })
                .build();
    }

    /**
     * The base URL in {@code value}: {@code http://} is added when it names no scheme, and trailing slashes are
     * dropped. A blank value, or one that is not an http(s) URL with a host (and no user, query or fragment),
     * stops start-up with a message that names {@code variable}.
     */
    public static URI baseUrl(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set: it must name the URL "
                    + "of the service to call, e.g. http://host:8080");
        }
        String text = value.strip();
        String withScheme = text.contains("://") ? text : "http://" + text;
        try {
            URI url = new URI(withScheme);
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && url.getHost() != null
                    && url.getUserInfo() == null
                    && url.getQuery() == null
                    && url.getFragment() == null) {
                return new URI(withScheme.replaceAll("/+$", ""));
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalStateException("environment variable " + variable + " is not an http URL: \"" + value
                + "\" (expected e.g. http://host:8080)");
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Makes one call with the client ({@code rest -> rest.post().uri("/path")...retrieve().body(byte[].class)})
     * and returns what it returns; any failure of the call is a {@link ShopException}: UNAVAILABLE with a
     * message saying what went wrong, or DEADLINE_EXCEEDED when the deadline of the gRPC call being served ran
     * out.
     */
    public <T> T call(Function<RestClient, T> call) {
        try {
            return call.apply(rest);
        } catch (RestClientException e) {
            throw failure(e);
        }
    }

    /** UNAVAILABLE for an answer the caller found wrong, in the words of the other failures. */
    public ShopException unavailable(String why) {
        return ShopException.unavailable(service + " " + why);
    }

    private ShopException failure(RestClientException e) {
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null && deadline.isExpired()) {
            return new ShopException(Status.Code.DEADLINE_EXCEEDED, "deadline exceeded waiting for " + service);
        }
        if (e instanceof RestClientResponseException status) {
            return unavailable("answered HTTP " + status.getStatusCode().value());
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof AnswerTooLargeException) {
                return unavailable("answered more than " + MAX_ANSWER_BYTES + " bytes");
            }
            if (cause instanceof SocketTimeoutException timeout) {
                // The JDK says which wait ran out in words only: "Connect timed out" or "Read timed out".
                return String.valueOf(timeout.getMessage())
                                .toLowerCase(Locale.ROOT)
                                .startsWith("connect")
                        ? unavailable("at " + baseUrl + " did not accept a connection in time")
                        : unavailable("did not answer within " + readTimeout.toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                return ShopException.unavailable("cannot connect to " + service + " at " + baseUrl);
            }
        }
        if (e instanceof ResourceAccessException && e.getCause() != null) {
            Throwable cause = e.getCause();
            String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return ShopException.unavailable("the call to " + service + " at " + baseUrl + " failed: " + detail);
        }
        return unavailable("answered something that cannot be read");
    }

    /**
     * The time a call may take: the configured timeout, or what is left of the deadline of the gRPC call being
     * served when that is sooner, rounded up to the millisecond the timeouts are counted in, so that when one
     * fires the deadline has passed as well and the failure is reported as the caller's deadline.
     */
    private static Duration timeLeft(Duration timeout) throws SocketTimeoutException {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return timeout;
        }
        long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
        if (nanos <= 0) {
            throw new SocketTimeoutException("the caller's deadline ran out before the call");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos + TimeUnit.MILLISECONDS.toNanos(1) - 1);
        return Duration.ofMillis(Math.min(millis, timeout.toMillis()));
    }

    /**
     * Spring's request factory over the JDK's {@link java.net.HttpURLConnection}, with the timeouts of each
     * request chosen when it is made ({@link #timeLeft}). The call runs on the caller's thread from start to end,
     * the JDK keeps idle connections open for the next call, and no proxy is used. (The JDK's
     * {@code java.net.http} client took three to four thread hand-offs per call, and on a two-core machine
     * started a new thread for each: a third of the shipping service's CPU under load went to its one call to the
     * quote service.) A request whose body has a known length, as every one here, is sent in streaming mode,
     * which the JDK never sends twice.
     */
    private record DeadlineBoundRequestFactory(Duration connectTimeout, Duration readTimeout)
            implements ClientHttpRequestFactory {

        @Override
        public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
            SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
            factory.setProxy(Proxy.NO_PROXY);
            factory.setConnectTimeout(timeLeft(connectTimeout));
            factory.setReadTimeout(timeLeft(readTimeout));
            return factory.createRequest(uri, method);
        }
    }

    /** Raised while reading an answer longer than {@value #MAX_ANSWER_BYTES} bytes, before more is read. */
    private static final class AnswerTooLargeException extends IOException {
        AnswerTooLargeException() {
            super("answer over " + MAX_ANSWER_BYTES + " bytes", null);
        }
    }

    /**
     * An answer whose body stops with {@link AnswerTooLargeException} past {@value #MAX_ANSWER_BYTES} bytes, and
     * with a {@link SocketTimeoutException} when a read starts after the call's time is up (each read waits at
     * most that time, so an answer sent a byte at a time ends within twice it). Closing it does not read the rest
     * of the body.
     */
    private static final class BoundedAnswer implements ClientHttpResponse {
        private final ClientHttpResponse response;
        private final long endNanos;
        private InputStream body;

        BoundedAnswer(ClientHttpResponse response, long endNanos) {
            this.response = response;
            this.endNanos = endNanos;
        }

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return response.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return response.getHeaders();
        }

        @Override
        public InputStream getBody() throws IOException {
            if (body == null) {
                body = new FilterInputStream(response.getBody()) {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        inTime();
                        int b = super.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        inTime();
                        int n = super.read(buffer, offset, length);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void inTime() throws SocketTimeoutException {
                        if (System.nanoTime() - endNanos > 0) {
                            throw new SocketTimeoutException("Read timed out: the answer took too long");
                        }
                    }

                    private void count(int n) throws AnswerTooLargeException {
                        read += n;
                        if (read > MAX_ANSWER_BYTES) {
                            throw new AnswerTooLargeException();
                        }
                    }
                };
            }
            return body;
        }

        @Override
        public void close() {
            // Spring's close would read what is left of the body, however long, to keep the connection. The
            // JDK's close of the body reads a short rest in the background and closes the connection otherwise.
            try {
                getBody().close();
            } catch (IOException e) {
                // no body to close, or the connection is closed with it
            }
            response.close();
        }
    }
}
