package boutique.featureflag;

import java.time.Instant;

/** One stored flag: {@code probability} is the share of calls on which it fires (0 off, 1 always). */
record Flag(long id, String name, String description, double probability, Instant insertedAt, Instant updatedAt) {

    public boolean isOn() {
        return probability > 0;
    }

    /** The probability as the form shows it: "0", "0.25", "1". */
    public String probabilityText() {
        return Probability.format(probability);
    }

    /** The probability in words: "off", "on for 25 % of calls", "always on". */
    public String meaning() {
        return Probability.meaning(probability);
    }
}
