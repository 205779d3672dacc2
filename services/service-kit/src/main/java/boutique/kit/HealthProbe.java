package boutique.kit;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks a service whether it is healthy: gRPC {@code grpc.health.v1.Health/Check("")} answering SERVING, or an
 * HTTP GET answering 2xx. Used by the launcher, the integration tests and the container health checks
 * ({@code java ... boutique.kit.HealthProbe grpc localhost:3550}; exit code 0 when healthy).
 */
public final class HealthProbe {

    /** One client for every probe: callers poll every few hundred milliseconds, and each client has a thread. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HealthProbe() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: HealthProbe grpc HOST:PORT | HealthProbe http URL");
            System.exit(2);
        }
        boolean healthy = "grpc".equals(args[0])
                ? grpcServing(args[1], Duration.ofSeconds(2))
                : httpOk(args[1], Duration.ofSeconds(2));
        System.exit(healthy ? 0 : 1);
    }

    public static boolean grpcServing(String address, Duration timeout) {
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus()
                    == ServingStatus.SERVING;
        } catch (RuntimeException e) {
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    public static boolean httpOk(String url, Duration timeout) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
