package boutique.loadgenerator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Gatling simulation in this JVM and writes its report below a folder. */
@FunctionalInterface
interface GatlingRun {

    int SUCCESS = 0;
    /** Gatling's code when an assertion fails; ours assert that no request failed. */
    int REQUESTS_FAILED = 2;

    int CRASHED = 1;

    /** Runs the simulation to its end; 0 when it ran and every assertion held. */
    int run(Class<? extends Simulation> simulation, Path resultsDir, String description);

    /**
     * The real engine, with Gatling's own exit codes, and {@link #CRASHED} when it throws. After each run the
     * logging starts again and the telemetry ends the task spans the run cut off, even when it crashed.
     */
    static GatlingRun inProcess() {
        Logger log = LoggerFactory.getLogger(GatlingRun.class);
        return (simulation, resultsDir, description) -> {
            String[] args = {
                "--simulation",
                simulation.getName(),
                "--results-folder",
                resultsDir.toString(),
                "--run-description",
                description
            };
            try {
                return io.gatling.app.Gatling$.MODULE$.fromArgs(args);
            } catch (RuntimeException | AssertionError e) {
                restartLogging();
                log.error("Gatling run of {} crashed", simulation.getSimpleName(), e);
                return CRASHED;
            } finally {
                restartLogging();
                RunContext.telemetry().afterRun();
            }
        };
    }

    /**
     * Gatling stops the logging system when a run ends, as it expects the JVM to exit next; the shoppers run
     * again, so logging is started afresh from the same configuration.
     */
    private static void restartLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && !context.isStarted()) {
            context.reset();
            context.start();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("loadgenerator: could not restart logging: " + e);
            }
        }
    }
}
