package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceBlockingStub;
import hipstershop.GetFlagRequest;
import hipstershop.ListFlagsRequest;
import hipstershop.UpdateFlagRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar on its embedded PostgreSQL, started as the launcher starts it on a machine without the compose
 * database: a first run on empty folders, a run after an interrupted unpack, and a restart after kill -9.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path dir;

    @AfterEach
    void stopLeftoverServer() throws Exception {
        // A failed test may leave the embedded server of a killed service behind.
        StalePostmaster.stopIfRunning(dir.resolve("data"), Duration.ofSeconds(5));
    }

    @Test
    void firstRun_emptyUnpackAndDataFolders_servesTheSeededFlags_withTheShopsHeap() throws Exception {
        Path binaries = dir.resolve("binaries");
        Map<String, String> env = env(binaries);
        long started = System.nanoTime();
        try (ServiceProcess service = ServiceProcess.startGrpc("featureflagservice", port(env), env)) {
            long firstRun = elapsedMs(started);
            assertThat(service.tail())
                    .contains("keeping the flags in an embedded PostgreSQL")
                    .contains("unpacking the embedded PostgreSQL binaries");
            assertThat(listFlags(env)).containsAll(FlagStoreIT.SCENARIOS);
            try (Stream<Path> unpacked = Files.list(binaries)) {
                assertThat(unpacked.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
            }
            Path folder = PostgresBinaries.folderUnder(binaries);
            assertThat(folder.resolve(".exists")).exists();
            assertThat(folder.resolve("bin/postgres")).isExecutable();
            System.out.printf(
                    "featureflagservice, first run on the embedded PostgreSQL (unpack, initdb, migrations) with"
                            + " SHOP_JAVA_OPTS (%s): SERVING after %d ms, RSS %d MB%n",
                    ServiceProcess.shopJavaOptions().replaceAll(".*(-Xmx\\S+).*", "$1"),
                    firstRun,
                    service.rssMegabytes());
        }
        started = System.nanoTime();
        try (ServiceProcess service = ServiceProcess.startGrpc("featureflagservice", port(env), env)) {
            System.out.printf(
                    "featureflagservice, later run on the embedded PostgreSQL: SERVING after %d ms, RSS %d MB%n",
                    elapsedMs(started), service.rssMegabytes());
            assertThat(service.tail()).doesNotContain("unpacking the embedded PostgreSQL binaries");
            assertThat(listFlags(env)).containsAll(FlagStoreIT.SCENARIOS);
        }
    }

    @Test
    void halfUnpackedBinaries_areRemovedAndUnpackedAgain() throws Exception {
        Path binaries = dir.resolve("binaries");
        Path folder = PostgresBinaries.folderUnder(binaries);
        // What an interrupted unpack leaves: some files and links, no marker; zonky itself failed on these for good.
        for (Path half : List.of(folder, folder.resolveSibling(folder.getFileName() + ".partial"))) {
            Files.createDirectories(half.resolve("lib"));
            Files.createDirectories(half.resolve("bin"));
            Files.createSymbolicLink(half.resolve("lib/libpq.so"), Path.of("libpq.so.5.14"));
            Files.write(half.resolve("bin/postgres"), new byte[] {0x7f, 'E', 'L', 'F'});
        }
        Map<String, String> env = env(binaries);
        try (ServiceProcess service = ServiceProcess.startGrpc("featureflagservice", port(env), env)) {
            assertThat(service.tail()).contains("removing the half-unpacked PostgreSQL binaries");
            assertThat(listFlags(env)).containsAll(FlagStoreIT.SCENARIOS);
        }
        assertThat(folder.resolve(".exists")).exists();
        assertThat(Files.size(folder.resolve("bin/postgres"))).isGreaterThan(1_000_000);
        assertThat(folder.resolveSibling(folder.getFileName() + ".partial")).doesNotExist();
    }

    @Test
    void killedService_isServingAgainOnTheSameData_keepingAChangedFlag() throws Exception {
        // The binaries folder is left at its default, shared between runs: this test is about the data folder.
        Map<String, String> env = env(null);
        String flag = "adServiceFailure";
        ServiceProcess first = ServiceProcess.startGrpc("featureflagservice", port(env), env);
        long killed;
        try {
            withFlags(
                    env,
                    flags -> flags.updateFlag(UpdateFlagRequest.newBuilder()
                            .setName(flag)
                            .setProbability(0.5)
                            .build()));
            ProcessHandle process = ProcessHandle.of(first.pid()).orElseThrow();
            killed = System.nanoTime();
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs, the embedded server is left running
            process.onExit().get(10, TimeUnit.SECONDS);
        } finally {
            first.close();
        }
        // Restarted at once, as the launcher's supervisor does.
        try (ServiceProcess second = ServiceProcess.startGrpc("featureflagservice", port(env), env)) {
            long restart = elapsedMs(killed);
            assertThat(second.tail()).contains("left running by a previous run").doesNotContain("using a fresh one");
            double probability = withFlags(
                    env,
                    flags -> flags.getFlag(
                                    GetFlagRequest.newBuilder().setName(flag).build())
                            .getFlag()
                            .getProbability());
            assertThat(probability).isEqualTo(0.5);
            System.out.printf(
                    "featureflagservice, restarted right after kill -9 on the same data folder: SERVING after %d"
                            + " ms (JVM start, stale server stopped, PostgreSQL started, migrations validated)%n",
                    restart);
        }
    }

    /** The launcher's environment, with empty data (and, when given, binaries) folders of this test. */
    private Map<String, String> env(Path binaries) throws Exception {
        // A local server without our login, as DATABASE_URL=...@ffs_postgres... is on such a machine.
        String noLoginHere = "postgresql://ffs_absent_role:ffs@" + StoreFixture.testServer() + "/ffs";
        Map<String, String> env = LauncherEnv.of(ServiceProcess.freePort(), ServiceProcess.freePort(), noLoginHere);
        env.put("FEATURE_FLAG_EMBEDDED_DATA_DIR", dir.resolve("data").toString());
        if (binaries != null) {
            env.put("FEATURE_FLAG_EMBEDDED_BINARIES_DIR", binaries.toString());
        }
        return env;
    }

    private static int port(Map<String, String> env) {
        return Integer.parseInt(env.get("FEATURE_FLAG_GRPC_SERVICE_PORT"));
    }

    private static List<String> listFlags(Map<String, String> env) {
        return withFlags(
                env,
                flags -> flags.listFlags(ListFlagsRequest.getDefaultInstance()).getFlagList().stream()
                        .map(hipstershop.Flag::getName)
                        .toList());
    }

    private static <T> T withFlags(Map<String, String> env, Function<FeatureFlagServiceBlockingStub, T> call) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port(env))
                .usePlaintext()
                .build();
        try {
            return call.apply(FeatureFlagServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }

    private static long elapsedMs(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
