package boutique.loadgenerator;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The reference's shoppers: each opens the home page once, then forever picks a weighted task, runs it and
 * pauses 1 to 10 s; users start at the spawn rate, and the run ends after its length or when stopped. Any
 * failed request fails the run's assertion, so a headless run exits non-zero, like Locust's.
 */
public class ShopperSimulation extends Simulation {

    public ShopperSimulation() {
        Settings settings = RunContext.settings();
        Duration length = RunContext.runLength();
        TaskSpans spans = RunContext.telemetry().tasks();
        ShopperChains chains = ShopperChains.unmeasured(spans);
        setUp(scenario("shoppers")
                        .exec(chains.onStart())
                        .forever()
                        .on(exec(chains.randomTask())
                                .pause(settings.minPause(), settings.maxPause())
                                .exec(stopLoadGeneratorIf(
                                        "stopped from the status page", session -> RunContext.stopRequested())))
                        .injectOpen(injection(settings)))
                .protocols(ShopperChains.protocol(settings.host(), spans))
                .maxDuration(length)
                .assertions(global().failedRequests().count().is(0L));
    }

    /** The run's end stops shoppers mid-task: their spans end now, not after the report is written. */
    @Override
    public void after() {
        RunContext.telemetry().tasks().endUnfinished();
    }

    private static OpenInjectionStep injection(Settings settings) {
        // Gatling counts a ramp in whole seconds, and a ramp shorter than one second never starts a user.
        long rampSeconds = Math.round(settings.rampDuration().toMillis() / 1000.0);
        return rampSeconds < 1
                ? atOnceUsers(settings.users())
                : rampUsers(settings.users()).during(Duration.ofSeconds(rampSeconds));
    }
}
