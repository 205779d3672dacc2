package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbabilityTests {

    private static final int DRAWS = 2_000;

    @Test
    void fires_zero_neverOverTwoThousandDraws() {
        assertThat(countFiring(0.0)).isZero();
    }

    @Test
    void fires_one_alwaysOverTwoThousandDraws() {
        assertThat(countFiring(1.0)).isEqualTo(DRAWS);
    }

    @Test
    void fires_half_nearHalfOfTwoThousandDraws() {
        // Binomial(2000, 0.5): mean 1000, standard deviation about 22.4. Six deviations either side fails
        // a correct draw about once in 500 million runs, and still catches a rule that is off by 7 points.
        assertThat(countFiring(0.5)).isBetween(866, 1134);
    }

    @ParameterizedTest(name = "p = {0} fires for {1} of the 100 values of r")
    @CsvSource({"0, 0", "0.01, 1", "0.29, 29", "0.5, 50", "0.55, 55", "0.999, 100", "1, 100", "0.004, 0"})
    void fires_roundsTheProbabilityToWholePercent(double p, int firingValues) {
        long firing = IntStream.rangeClosed(1, 100)
                .filter(r -> Probability.fires(p, fixed(r)))
                .count();
        assertThat(firing).isEqualTo(firingValues);
    }

    @ParameterizedTest
    @CsvSource({"0, true", "1, true", "0.5, true", "-0.01, false", "1.01, false", "NaN, false", "Infinity, false"})
    void isValid_acceptsOnlyZeroToOne(double p, boolean valid) {
        assertThat(Probability.isValid(p)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, off", "1, 1, always on", "0.25, 0.25, on for 25 % of calls", "0.5, 0.5, on for 50 % of calls"})
    void formatAndMeaning_readNaturally(double p, String text, String meaning) {
        assertThat(Probability.format(p)).isEqualTo(text);
        assertThat(Probability.meaning(p)).isEqualTo(meaning);
    }

    private static int countFiring(double p) {
        RandomGenerator random = ThreadLocalRandom.current();
        return (int) IntStream.range(0, DRAWS)
                .filter(i -> Probability.fires(p, random))
                .count();
    }

    /** A generator whose draw in 1..100 is always r. */
    private static RandomGenerator fixed(int r) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int origin, int bound) {
                assertThat(origin).isEqualTo(1);
                assertThat(bound).isEqualTo(101);
                return r;
            }
        };
    }
}
