package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor keeping real processes (small shell commands standing in for services) running. */
class SupervisorTests {

    @TempDir
    Path dir;

    private StateDir state;
    private Thread supervisor;

    @BeforeEach
    void setUp() {
        state = new StateDir(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var files = Files.list(dir.resolve("wanted"))) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            // nothing was wanted
        }
        if (supervisor != null) {
            supervisor.join(20_000);
        }
    }

    private void want(String service, String shellCommand) throws Exception {
        new LaunchSpec(
                        service,
                        List.of("sh", "-c", shellCommand),
                        Map.of("PATH", System.getenv("PATH")),
                        dir.resolve("run"),
                        state.log(service),
                        null)
                .write(state.wanted(service));
    }

    private void startSupervisor() {
        supervisor = new Thread(
                () -> {
                    try {
                        new Supervisor(state).loop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "supervisor-under-test");
        supervisor.start();
    }

    private Optional<ProcessHandle> running(String service) {
        return StateDir.live(state.pid(service));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void killedService_isStartedAgainAtOnce_andTheRestartIsCountedAndLogged() throws Exception {
        want("cartservice", "exec sleep 600");
        startSupervisor();
        await("started", Duration.ofSeconds(5), () -> running("cartservice").isPresent());
        ProcessHandle first = running("cartservice").orElseThrow();

        first.destroyForcibly();

        await(
                "a new process",
                Duration.ofSeconds(5),
                () -> running("cartservice").filter(p -> p.pid() != first.pid()).isPresent());
        StateDir.Restarts restarts = state.restartsOf("cartservice");
        assertThat(restarts.count()).isEqualTo(1);
        assertThat(restarts.last()).contains("killed by signal 9");
        assertThat(Files.readString(state.log("cartservice")))
                .contains("[shop] cartservice was killed by signal 9")
                .contains("restart #1 now");
    }

    @Test
    void serviceThatKeepsFailing_waitsLongerBetweenStarts() throws Exception {
        want("adservice", "exit 3");
        startSupervisor();

        await(
                "two restarts",
                Duration.ofSeconds(10),
                () -> state.restartsOf("adservice").count() >= 3);

        String log = Files.readString(state.log("adservice"));
        assertThat(log)
                .contains("adservice exited with code 3")
                .contains("restart #1 now")
                .contains("restart #2 in 1 s")
                .contains("restart #3 in 2 s");
    }

    @Test
    void unwantedService_isStoppedForGood_andTheSupervisorExits() throws Exception {
        want("frontend", "exec sleep 600");
        startSupervisor();
        await("started", Duration.ofSeconds(5), () -> running("frontend").isPresent());
        ProcessHandle process = running("frontend").orElseThrow();

        Files.delete(state.wanted("frontend"));

        await("stopped", Duration.ofSeconds(15), () -> !process.isAlive());
        supervisor.join(5_000);
        assertThat(supervisor.isAlive()).as("supervisor still running").isFalse();
        assertThat(Files.exists(state.pid("frontend"))).isFalse();
    }

    @Test
    void serviceThatIgnoresSigterm_isKilledAfterTheGrace() throws Exception {
        want("emailservice", "trap '' TERM; while true; do sleep 0.1; done");
        startSupervisor();
        await("started", Duration.ofSeconds(5), () -> running("emailservice").isPresent());
        ProcessHandle process = running("emailservice").orElseThrow();

        Files.delete(state.wanted("emailservice"));

        await("killed after the grace", Supervisor.STOP_GRACE.plusSeconds(5), () -> !process.isAlive());
    }

    @Test
    void processThatFinishesWithCodeZero_isNotStartedAgain() throws Exception {
        want("loadgenerator", "sleep 0.2; exit 0");
        startSupervisor();

        supervisor.join(10_000);

        assertThat(supervisor.isAlive()).as("supervisor still running").isFalse();
        assertThat(state.restartsOf("loadgenerator").count()).isZero();
        assertThat(Files.exists(state.wanted("loadgenerator"))).isFalse();
    }

    @Test
    void processLeftByAnEarlierSupervisor_isWatchedNotDuplicated() throws Exception {
        Process orphan = new ProcessBuilder("sleep", "600").start();
        try {
            want("currencyservice", "exec sleep 600");
            Files.createDirectories(state.pid("currencyservice").getParent());
            Files.writeString(state.pid("currencyservice"), Long.toString(orphan.pid()));
            startSupervisor();
            Thread.sleep(500);

            assertThat(running("currencyservice").map(ProcessHandle::pid)).contains(orphan.pid());

            orphan.destroyForcibly();
            await(
                    "replaced after it died",
                    Duration.ofSeconds(5),
                    () -> running("currencyservice")
                            .filter(p -> p.pid() != orphan.pid())
                            .isPresent());
        } finally {
            orphan.destroyForcibly();
        }
    }
}
