package boutique.loadgenerator;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the load generator: {@code shoppers} (the default) runs the reference's simulated shoppers with the
 * {@code LOCUST_*} settings, {@code capacity} runs the capacity benchmark once and prints its table. Either way it
 * sends its own telemetry as the {@code OTEL_*} variables configure it.
 */
public final class LoadGeneratorApplication {

    private static final Logger log = LoggerFactory.getLogger(LoadGeneratorApplication.class);
    private static final Duration DEFAULT_BENCHMARK_TIME = Duration.ofSeconds(60);

    private LoadGeneratorApplication() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "shoppers" : args[0];
        Settings settings;
        Telemetry telemetry;
        try {
            settings = Settings.fromEnvironment(RunContext.environment());
            telemetry = Telemetry.fromEnvironment();
        } catch (IllegalArgumentException | ConfigurationException e) {
            System.err.println("loadgenerator: " + e.getMessage());
            System.exit(64);
            return;
        }
        // On SIGTERM too: the open task spans end and everything is flushed.
        Runtime.getRuntime().addShutdownHook(new Thread(telemetry::close, "telemetry"));
        int exitCode = switch (mode) {
            case "shoppers" -> shoppers(settings, GatlingRun.inProcess(), telemetry);
            case "capacity" -> capacity(settings, GatlingRun.inProcess(), telemetry, System.out);
            default -> {
                System.err.println("usage: loadgenerator [shoppers|capacity]");
                yield 64;
            }
        };
        telemetry.close();
        System.exit(exitCode);
    }

    /**
     * Headless: run now, exit with the worst run's code (non-zero when a request failed). Otherwise serve the
     * status page, start at once when autostart is on, and keep serving after the run time is over.
     */
    static int shoppers(Settings settings, GatlingRun gatling, Telemetry telemetry) throws InterruptedException {
        RunContext.useTelemetry(telemetry);
        Reports reports = new Reports(settings.resultsDir());
        ShopperRunner runner = new ShopperRunner(settings, reports, gatling, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stop, "stop-shoppers"));
        if (settings.headless()) {
            return runner.runToEnd();
        }
        StatusServer server = new StatusServer(settings.webPort(), runner, reports);
        server.start();
        if (settings.autostart()) {
            runner.start();
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /** One benchmark run of {@code LOCUST_USERS} users for {@code LOCUST_RUN_TIME} (60 s when unset). */
    static int capacity(Settings settings, GatlingRun gatling, Telemetry telemetry, PrintStream out) {
        RunContext.useTelemetry(telemetry);
        Duration length = settings.runTime().orElse(DEFAULT_BENCHMARK_TIME);
        Reports reports = new Reports(settings.resultsDir());
        Measurements measurements = new Measurements();
        RunContext.prepare(settings, length);
        RunContext.measureInto(measurements);
        RunContext.clearStop();
        log.info(
                "Capacity benchmark: {} users without pauses against {} for {}",
                settings.users(),
                settings.host(),
                length);
        int exitCode =
                gatling.run(CapacitySimulation.class, reports.root(), "capacity, " + settings.users() + " users");
        out.println(CapacitySummary.of(measurements, settings.users(), length).table());
        return exitCode;
    }
}
