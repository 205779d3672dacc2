package boutique.featureflag;

import java.time.Instant;

/** One stored flag: {@code probability} is the share of calls on which it fires (0 off, 1 always). */
record Flag(long id, String name, String description, double probability, Instant insertedAt, Instant updatedAt) {

    /** Longer than any flag a service reads (the scenarios' names are under 30 characters). */
    static final int MAX_NAME_LENGTH = 100;

    /** A few sentences; the scenarios' descriptions are under 150 characters. */
    static final int MAX_DESCRIPTION_LENGTH = 1_000;

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
