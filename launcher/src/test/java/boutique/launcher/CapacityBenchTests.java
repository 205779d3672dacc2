package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class CapacityBenchTests {

    @Test
    void summaryRow_ofTheLoadGeneratorsTable_isRead() {
        Matcher row = CapacityBench.ALL_ROW.matcher("| **all** | 61234 | 1020.6 | 0 | 11 | 29 | 48 |");

        assertThat(row.find()).isTrue();
        assertThat(row.group(1)).isEqualTo("61234");
        assertThat(row.group(2)).isEqualTo("1020.6");
        assertThat(row.group(6)).isEqualTo("48");
    }

    @Test
    void theEndOfTheSimulation_isSeenInTheLinesGatlingPrints() {
        assertThat(CapacityBench.simulationEnded("Parsing log file(s)...")).isTrue();
        assertThat(CapacityBench.simulationEnded(
                        "Simulation boutique.loadgenerator.CapacitySimulation completed in 60 seconds"))
                .isTrue();
        assertThat(CapacityBench.simulationEnded("Simulation boutique.loadgenerator.CapacitySimulation started..."))
                .isFalse();
        assertThat(CapacityBench.simulationEnded("> Global    |  796 |  796 |  0"))
                .isFalse();
    }

    @Test
    void cpuTicks_ofThisProcess_grow() {
        long pid = ProcessHandle.current().pid();
        long before = CapacityBench.ticksOf(pid);
        long sum = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }
        assertThat(sum).isNotZero();

        assertThat(CapacityBench.ticksOf(pid)).isGreaterThan(before);
    }

    @Test
    void cpuTicks_ofNoSuchProcess_areZero() {
        assertThat(CapacityBench.ticksOf(Long.MAX_VALUE)).isZero();
    }
}
