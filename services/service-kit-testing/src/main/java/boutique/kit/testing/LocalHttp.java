package boutique.kit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 calls to a service listening on 127.0.0.1, as the shop's callers make them to its HTTP services, each
 * with the same timeout; answers are read as text.
 */
public final class LocalHttp {

    /** One client for every test: each client has threads of its own. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final int port;
    private final Duration timeout;

    public LocalHttp(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    /** A request for {@code path} on the service, with the timeout, to finish with a method and headers. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout);
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return CLIENT.sendAsync(request, BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** {@code body} sent to {@code path} with this method and content type. */
    public HttpResponse<String> send(String method, String path, String contentType, BodyPublisher body)
            throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", contentType)
                .method(method, body)
                .build());
    }

    /** {@code body} posted to {@code path} with this content type and further headers, given as name, value. */
    public HttpResponse<String> post(String path, String body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.POST(BodyPublishers.ofString(body)).build());
    }

    /** The body the services answer an error with: {@code {"error":"<message>"}}. */
    public static String jsonError(String message) {
        return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    /** {@code count} megabytes of "x", one megabyte at a time; with a Content-Length, or chunked. */
    public static BodyPublisher megabytesOfX(int count, boolean withLength) {
        byte[] megabyte = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        BodyPublisher chunked = BodyPublishers.ofByteArrays(Collections.nCopies(count, megabyte));
        return withLength ? BodyPublishers.fromPublisher(chunked, (long) count * megabyte.length) : chunked;
    }
}
