package boutique.loadgenerator;

import java.time.Duration;
import java.util.Map;

/**
 * What the runner hands to a simulation. Gatling builds simulations itself with their no-argument constructor,
 * so the settings travel through this holder; a simulation started directly by Gatling (its Maven plugin)
 * finds none here and reads the environment.
 */
final class RunContext {

    private static volatile Settings settings;
    private static volatile Duration runLength;
    private static volatile boolean stopRequested;
    private static volatile Measurements measurements = new Measurements();
    private static volatile Telemetry telemetry = Telemetry.off();

    private RunContext() {}

    static void prepare(Settings runSettings, Duration length) {
        settings = runSettings;
        runLength = length;
    }

    /** Forgets an earlier stop, when the shoppers start again. */
    static void clearStop() {
        stopRequested = false;
    }

    static Settings settings() {
        Settings current = settings;
        return current != null ? current : Settings.fromEnvironment(environment());
    }

    /** How long the coming Gatling run lasts: one slice of the whole run time. */
    static Duration runLength() {
        Duration length = runLength;
        if (length != null) {
            return length;
        }
        Settings current = settings();
        return current.runTime().orElse(current.sliceLength());
    }

    /** Where the capacity benchmark records each request. */
    static Measurements measurements() {
        return measurements;
    }

    static void measureInto(Measurements sink) {
        measurements = sink;
    }

    /** The load generator's telemetry; off for a simulation that Gatling's Maven plugin starts directly. */
    static Telemetry telemetry() {
        return telemetry;
    }

    static void useTelemetry(Telemetry runTelemetry) {
        telemetry = runTelemetry;
    }

    static void requestStop() {
        stopRequested = true;
    }

    static boolean stopRequested() {
        return stopRequested;
    }

    // The one place the module reads the process environment.
    static Map<String, String> environment() {
        return System.getenv();
    }
}
