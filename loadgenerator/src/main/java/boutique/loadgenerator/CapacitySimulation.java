package boutique.loadgenerator;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * The capacity benchmark: the shoppers' task mix with no pauses, a fixed number of users all started at once,
 * for a fixed time. Failures are counted and printed, not asserted: the point is how much the shop takes.
 */
public class CapacitySimulation extends Simulation {

    public CapacitySimulation() {
        Settings settings = RunContext.settings();
        TaskSpans spans = RunContext.telemetry().tasks();
        setUp(scenario("capacity")
                        .forever()
                        .on(ShopperChains.measuredBy(RunContext.measurements(), spans)
                                .randomTask())
                        .injectOpen(atOnceUsers(settings.users())))
                .protocols(ShopperChains.protocol(settings.host(), spans))
                .maxDuration(RunContext.runLength());
    }

    @Override
    public void after() {
        RunContext.measurements().close();
        RunContext.telemetry().tasks().endUnfinished();
    }
}
