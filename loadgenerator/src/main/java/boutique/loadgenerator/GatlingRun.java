package boutique.loadgenerator;

import java.nio.file.Path;

import io.gatling.javaapi.core.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Gatling simulation in this JVM and writes its report below a folder. */
@FunctionalInterface
interface GatlingRun {

    /** Runs the simulation to its end; 0 when it ran and every assertion held. */
    int run(Class<? extends Simulation> simulation, Path resultsDir, String description);

    /** The real engine. Gatling's own exit codes: 0 success, 2 an assertion failed; 1 here for a crash. */
    static GatlingRun inProcess() {
        Logger log = LoggerFactory.getLogger(GatlingRun.class);
        return (simulation, resultsDir, description) -> {
            String[] args = {"--simulation", simulation.getName(), "--results-folder", resultsDir.toString(),
                    "--run-description", description};
            try {
                return io.gatling.app.Gatling$.MODULE$.fromArgs(args);
            } catch (RuntimeException e) {
                log.error("Gatling run of {} crashed", simulation.getSimpleName(), e);
                return 1;
            }
        };
    }
}
