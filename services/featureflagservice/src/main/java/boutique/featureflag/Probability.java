package boutique.featureflag;

import java.math.BigDecimal;
import java.util.random.RandomGenerator;

/** The rules of a flag's probability: its range, the per-call draw, and how it reads to a person. */
final class Probability {

    static final String OUT_OF_RANGE = "probability must be between 0 and 1";

    private Probability() {}

    static boolean isValid(double p) {
        return p >= 0.0 && p <= 1.0;
    }

    /**
     * Draws r uniformly from 1..100 and fires when r <= round(p x 100). Rounding (not the reference's floor)
     * keeps 0.29 at 29 %, where floor(28.999...) gave 28 %.
     */
    static boolean fires(double p, RandomGenerator random) {
        return random.nextInt(1, 101) <= Math.round(p * 100);
    }

    /** 0.25 as "0.25", 1.0 as "1", 0.0 as "0". */
    static String format(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    /** What the probability means on the list page: "off", "always on", "on for 25 % of calls". */
    static String meaning(double p) {
        long percent = Math.round(p * 100);
        if (percent <= 0) {
            return p > 0 ? "on for under 1 % of calls (rounds to never)" : "off";
        }
        return percent >= 100 ? "always on" : "on for " + percent + " % of calls";
    }
}
