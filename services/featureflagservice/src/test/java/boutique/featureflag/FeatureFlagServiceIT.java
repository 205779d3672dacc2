package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.HealthProbe;
import boutique.kit.testing.ScratchDatabase;
import boutique.kit.testing.ServiceProcess;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.GetFlagRequest;
import hipstershop.GetFlagResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as a real process, the way the launcher starts it: start-up, memory, latency, outages. */
class FeatureFlagServiceIT {

    private static final GetFlagRequest PRODUCT_CATALOG_FAILURE =
            GetFlagRequest.newBuilder().setName("productCatalogFailure").build();

    @TempDir
    static Path dataDir;

    @Test
    void withPostgresUp_servesGrpcAndUi_fastAndLean() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create("ffs_test")) {
            int grpcPort = ServiceProcess.freePort();
            int httpPort = ServiceProcess.freePort();
            long started = System.nanoTime();
            try (ServiceProcess service = ServiceProcess.startGrpc(
                    "featureflagservice", grpcPort, LauncherEnv.of(grpcPort, httpPort, scratch.url()))) {
                Duration startUp = Duration.ofNanos(System.nanoTime() - started);
                ManagedChannel channel = channel(grpcPort);
                try {
                    var flags = FeatureFlagServiceGrpc.newBlockingStub(channel);
                    assertThat(flags.withDeadlineAfter(2, TimeUnit.SECONDS)
                                    .getFlag(PRODUCT_CATALOG_FAILURE)
                                    .getFlag()
                                    .getEnabled())
                            .isFalse();
                    assertThat(HealthProbe.httpOk(
                                    "http://127.0.0.1:" + httpPort + "/actuator/health", Duration.ofSeconds(2)))
                            .isTrue();
                    assertThat(HealthProbe.httpOk("http://127.0.0.1:" + httpPort + "/", Duration.ofSeconds(2)))
                            .isTrue();

                    latencies(channel, 200, 5);
                    List<Long> micros = latencies(channel, 200, 10);
                    long p50 = micros.get(micros.size() / 2);
                    long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
                    long rssMb = service.rssMegabytes();
                    System.out.printf(
                            "featureflagservice: SERVING after %d ms, RSS %d MB, GetFlag with 200 concurrent"
                                    + " calls: p50 %.1f ms, p99 %.1f ms over %d calls%n",
                            startUp.toMillis(), rssMb, p50 / 1000.0, p99 / 1000.0, micros.size());
                    // Loose bounds: the machine is shared; the report holds the measured values.
                    assertThat(p99).isLessThan(1_000_000);
                    assertThat(rssMb).isLessThan(200);
                } finally {
                    channel.shutdownNow();
                }
            }
        }
    }

    @Test
    void configuredPostgresDown_staysUpNotServing_untilItComesUp() throws Exception {
        int dbPort = ServiceProcess.freePort();
        int grpcPort = ServiceProcess.freePort();
        int httpPort = ServiceProcess.freePort();
        Map<String, String> env =
                LauncherEnv.of(grpcPort, httpPort, "postgresql://postgres@127.0.0.1:" + dbPort + "/postgres");
        env.put("FEATURE_FLAG_EMBEDDED_FALLBACK", "false");
        try (ServiceProcess service = ServiceProcess.start(
                "featureflagservice", env, () -> ServiceProcess.grpcHealth(grpcPort) == ServingStatus.NOT_SERVING)) {
            ManagedChannel channel = channel(grpcPort);
            try {
                Thread.sleep(2_000);
                assertThat(service.isAlive()).isTrue();
                assertThat(ServiceProcess.grpcHealth(grpcPort)).isEqualTo(ServingStatus.NOT_SERVING);
                var flags = FeatureFlagServiceGrpc.newBlockingStub(channel);
                assertThatThrownBy(() ->
                                flags.withDeadlineAfter(2, TimeUnit.SECONDS).getFlag(PRODUCT_CATALOG_FAILURE))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

                try (EmbeddedPostgres postgres = StoreFixture.startPostgres(dbPort, dataDir.resolve("late"))) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (ServiceProcess.grpcHealth(grpcPort) != ServingStatus.SERVING
                            && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    assertThat(ServiceProcess.grpcHealth(grpcPort)).isEqualTo(ServingStatus.SERVING);
                    assertThat(flags.withDeadlineAfter(2, TimeUnit.SECONDS)
                                    .getFlag(PRODUCT_CATALOG_FAILURE)
                                    .getFlag()
                                    .getName())
                            .isEqualTo("productCatalogFailure");
                }
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void fiftyMegabyteBodies_areRefusedWith413_beforeReachingTheHeap() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create("ffs_test")) {
            int grpcPort = ServiceProcess.freePort();
            int httpPort = ServiceProcess.freePort();
            try (ServiceProcess service = ServiceProcess.startGrpc(
                    "featureflagservice", grpcPort, LauncherEnv.of(grpcPort, httpPort, scratch.url()))) {
                long rssBefore = service.rssMegabytes();
                // The service runs with -Xmx40m and -XX:+ExitOnOutOfMemoryError: a body read whole would end it.
                for (boolean chunked : new boolean[] {false, true}) {
                    String answer = postFiftyMegabytes(httpPort, chunked);
                    assertThat(answer)
                            .as(chunked ? "chunked" : "with Content-Length")
                            .startsWith("HTTP/1.1 413")
                            .containsIgnoringCase("content-type: application/json")
                            .contains("{\"error\": \"request body must be at most 32768 bytes\"}");
                }
                assertThat(service.isAlive()).isTrue();
                assertThat(ServiceProcess.grpcHealth(grpcPort)).isEqualTo(ServingStatus.SERVING);
                assertThat(HealthProbe.httpOk(
                                "http://127.0.0.1:" + httpPort + "/actuator/health", Duration.ofSeconds(2)))
                        .isTrue();
                System.out.printf(
                        "featureflagservice: two 50 MB posts refused with 413; RSS %d MB before, %d MB after%n",
                        rssBefore, service.rssMegabytes());
            }
        }
    }

    /**
     * Posts a 50 MB form to the UI over a raw socket, as a client that sends its body without waiting for an
     * answer, and returns what the service answered (status line, headers and body).
     */
    private static String postFiftyMegabytes(int port, boolean chunked) throws Exception {
        int size = 50 * 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /featureflags HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread sender = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, (byte) 'a');
                try {
                    for (int sent = 0; sent < size; sent += block.length) {
                        if (chunked) {
                            out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(block);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // Expected: the service closes the connection once it has answered.
                }
            });
            sender.setDaemon(true);
            sender.start();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                for (int n; !answer.toString().contains("}") && (n = in.read(buffer)) > 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketException e) {
                // A reset after the answer: what arrived before it is kept.
            }
            return answer.toString();
        }
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Rounds of {@code concurrency} GetFlag calls in flight at once; every call's latency, sorted. */
    private static List<Long> latencies(ManagedChannel channel, int concurrency, int rounds) throws Exception {
        var stub = FeatureFlagServiceGrpc.newFutureStub(channel);
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<Long>> calls = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                long sent = System.nanoTime();
                CompletableFuture<Long> done = new CompletableFuture<>();
                Futures.addCallback(
                        stub.withDeadlineAfter(5, TimeUnit.SECONDS).getFlag(PRODUCT_CATALOG_FAILURE),
                        new FutureCallback<GetFlagResponse>() {
                            @Override
                            public void onSuccess(GetFlagResponse response) {
                                done.complete((System.nanoTime() - sent) / 1_000);
                            }

                            @Override
                            public void onFailure(Throwable t) {
                                done.completeExceptionally(t);
                            }
                        },
                        MoreExecutors.directExecutor());
                calls.add(done);
            }
            for (CompletableFuture<Long> call : calls) {
                micros.add(call.get(10, TimeUnit.SECONDS));
            }
        }
        micros.sort(Long::compare);
        return micros;
    }
}
