package boutique.loadgenerator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shoppers as back-to-back Gatling runs of one slice each, until the run time is used up or someone
 * stops them, so that a finished report appears every slice even when the shoppers run forever.
 */
final class ShopperRunner {

    private static final Logger log = LoggerFactory.getLogger(ShopperRunner.class);
    private static final Duration SHORTEST_RUN = Duration.ofSeconds(1);

    enum State {
        IDLE,
        RUNNING,
        STOPPING
    }

    /** What the status page shows. */
    record Status(State state, Optional<Instant> startedAt, int runsStarted, Optional<Integer> lastExitCode) {}

    private final Settings settings;
    private final Reports reports;
    private final GatlingRun gatling;
    private final Clock clock;

    private State state = State.IDLE;
    private Instant startedAt;
    private int runsStarted;
    private Integer lastExitCode;

    ShopperRunner(Settings settings, Reports reports, GatlingRun gatling, Clock clock) {
        this.settings = settings;
        this.reports = reports;
        this.gatling = gatling;
        this.clock = clock;
    }

    Settings settings() {
        return settings;
    }

    synchronized Status status() {
        return new Status(state, Optional.ofNullable(startedAt), runsStarted, Optional.ofNullable(lastExitCode));
    }

    /** Starts the shoppers in the background; false when they are already running. */
    synchronized boolean start() {
        if (state != State.IDLE) {
            return false;
        }
        begin();
        Thread thread = new Thread(this::runSlices, "shoppers");
        thread.start();
        return true;
    }

    /** Runs the shoppers in this thread until the run time is over (or forever); returns the worst exit code. */
    int runToEnd() {
        synchronized (this) {
            if (state != State.IDLE) {
                throw new IllegalStateException("the shoppers are already running");
            }
            begin();
        }
        return runSlices();
    }

    /** Asks the running shoppers to stop; each finishes its current task and pause, and the report is written. */
    synchronized void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPING;
            RunContext.requestStop();
            log.info("Stopping the shoppers");
        }
    }

    private void begin() {
        state = State.RUNNING;
        startedAt = clock.instant();
        RunContext.clearStop();
    }

    private int runSlices() {
        Instant deadline = settings.runTime().map(startedAt::plus).orElse(Instant.MAX);
        int worst = 0;
        try {
            while (!RunContext.stopRequested()) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.compareTo(SHORTEST_RUN) < 0) {
                    break;
                }
                // Whole seconds, as Gatling counts them.
                Duration slice = left.compareTo(settings.sliceLength()) < 0 ? left : settings.sliceLength();
                Duration length = Duration.ofSeconds(Math.round(slice.toMillis() / 1000.0));
                int exitCode = runSlice(length);
                worst = Math.max(worst, exitCode);
                reports.prune(settings.keepReports());
                if (exitCode != GatlingRun.SUCCESS && exitCode != GatlingRun.REQUESTS_FAILED) {
                    // A crash would crash again at once: stop instead of spinning.
                    log.error("Run {} crashed; the shoppers stop", runsStarted);
                    break;
                }
            }
        } finally {
            synchronized (this) {
                state = State.IDLE;
            }
            log.info("Shoppers stopped after {} run(s)", runsStarted);
        }
        return worst;
    }

    private int runSlice(Duration length) {
        int run;
        synchronized (this) {
            run = ++runsStarted;
        }
        RunContext.prepare(settings, length);
        log.info("Run {}: {} shoppers against {} for {}", run, settings.users(), settings.host(), length);
        int exitCode = gatling.run(ShopperSimulation.class, reports.root(), settings.users() + " shoppers, run " + run);
        synchronized (this) {
            lastExitCode = exitCode;
        }
        if (exitCode == GatlingRun.REQUESTS_FAILED) {
            log.warn("Run {} had failed requests, see its report", run);
        }
        return exitCode;
    }
}
