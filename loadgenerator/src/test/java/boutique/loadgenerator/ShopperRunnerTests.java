package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopperRunnerTests {

    @TempDir
    Path results;

    /** A clock the fake Gatling moves forward by each run's length, as a real run would take that long. */
    private static final class FakeTime extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private Settings settings(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LOADGEN_RESULTS_DIR", results.toString());
        return Settings.fromEnvironment(all);
    }

    @Test
    void runToEnd_runTimeLongerThanASlice_runsBackToBackSlicesCoveringIt() {
        FakeTime time = new FakeTime();
        List<Duration> lengths = new ArrayList<>();
        GatlingRun gatling = (simulation, dir, description) -> {
            lengths.add(RunContext.runLength());
            time.now = time.now.plus(RunContext.runLength());
            return 0;
        };
        Settings settings = settings(Map.of("LOCUST_RUN_TIME", "12m", "LOADGEN_REPORT_INTERVAL", "5m"));

        int exitCode = new ShopperRunner(settings, new Reports(results), gatling, time).runToEnd();

        assertThat(exitCode).isZero();
        assertThat(lengths).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    @Test
    void runToEnd_oneRunWithFailures_exitsWithItsCode() {
        FakeTime time = new FakeTime();
        List<Integer> codes = new ArrayList<>(List.of(0, 2, 0));
        GatlingRun gatling = (simulation, dir, description) -> {
            time.now = time.now.plus(RunContext.runLength());
            return codes.remove(0);
        };
        Settings settings = settings(Map.of("LOCUST_RUN_TIME", "3m", "LOADGEN_REPORT_INTERVAL", "1m"));

        int exitCode = new ShopperRunner(settings, new Reports(results), gatling, time).runToEnd();

        assertThat(exitCode).isEqualTo(2);
        assertThat(codes).isEmpty();
    }

    @Test
    void runToEnd_runCrashes_stopsInsteadOfRetrying() {
        FakeTime time = new FakeTime();
        List<Integer> runs = new ArrayList<>();
        GatlingRun gatling = (simulation, dir, description) -> {
            runs.add(1);
            return GatlingRun.CRASHED;
        };
        Settings settings = settings(Map.of("LOCUST_RUN_TIME", "1h", "LOADGEN_REPORT_INTERVAL", "1m"));

        int exitCode = new ShopperRunner(settings, new Reports(results), gatling, time).runToEnd();

        assertThat(exitCode).isEqualTo(GatlingRun.CRASHED);
        assertThat(runs).hasSize(1);
    }

    @Test
    void stop_whileRunning_endsAfterTheCurrentSlice() throws Exception {
        FakeTime time = new FakeTime();
        List<String> runs = new ArrayList<>();
        List<Boolean> stopSeenByRun = new ArrayList<>();
        java.util.concurrent.CountDownLatch firstRun = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        GatlingRun gatling = (simulation, dir, description) -> {
            runs.add(description);
            firstRun.countDown();
            await(stopped);
            stopSeenByRun.add(RunContext.stopRequested());
            return 0;
        };
        ShopperRunner runner = new ShopperRunner(settings(Map.of()), new Reports(results), gatling, time);

        assertThat(runner.start()).isTrue();
        await(firstRun);
        assertThat(runner.start()).as("already running").isFalse();
        assertThat(runner.status().state()).isEqualTo(ShopperRunner.State.RUNNING);
        runner.stop();
        assertThat(runner.status().state()).isEqualTo(ShopperRunner.State.STOPPING);
        stopped.countDown();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runner.status().state() != ShopperRunner.State.IDLE && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.status().state()).isEqualTo(ShopperRunner.State.IDLE);
        assertThat(runs).containsExactly("10 shoppers, run 1");
        assertThat(stopSeenByRun).containsExactly(true);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertThat(latch.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
