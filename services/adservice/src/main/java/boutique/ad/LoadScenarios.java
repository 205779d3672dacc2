package boutique.ad;

import java.time.Duration;

/**
 * The work the ad service's load scenarios add to a request (flags {@code adServiceHighCpu} and
 * {@code adServiceManualGc}), so that observability tools have CPU and GC pauses to show.
 */
final class LoadScenarios {

    /** Written after each busy loop so the JIT cannot prove the computation useless and drop it. */
    private static volatile double sink;

    private LoadScenarios() {}

    /** Keeps this thread computing for about {@code duration}: real arithmetic, not a sleep, so it costs CPU. */
    static void busyFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        double acc = 0;
        long i = 0;
        while (System.nanoTime() < end) {
            for (int j = 0; j < 1_000; j++, i++) {
                acc += Math.sqrt(i) * Math.sin(i);
            }
        }
        sink = acc;
    }

    /**
     * Asks for a full collection. The JVM honours it unless started with {@code -XX:+DisableExplicitGC},
     * which would turn this scenario into a no-op; the launcher does not pass that option.
     */
    static void fullGc() {
        System.gc();
    }
}
