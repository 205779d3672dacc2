package boutique.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuoteTests {

    @ParameterizedTest(name = "{0} items quote as {1}")
    @CsvSource({
        "0, 0",
        "1, 8.9",
        "2, 17.8",
        "3, 26.700000000000003",
        "4, 35.6",
        "9, 80.10000000000001",
        "10, 89",
        "40, 356",
        "4294967295, 38225208925.5"
    })
    void toJson_writesTheDoubleWithoutExponentOrTrailingZero(long items, String expected) {
        assertThat(Quote.toJson(Quote.forItems(items))).isEqualTo(expected);
    }

    @Test
    void toJson_readsBackAsTheSameDouble_andTruncatedCentsAreExact() {
        // The reference's shipping service truncates v x 100: that must give 890 x n cents for every count.
        for (long n = 0; n <= 100_000; n++) {
            double quote = Quote.forItems(n);
            double readBack = Double.parseDouble(Quote.toJson(quote));
            assertThat(readBack).isEqualTo(quote);
            assertThat((long) (readBack * 100)).as("cents for %d items", n).isEqualTo(890 * n);
        }
    }

    @Test
    void forItems_outsideTheCountRange_isRefused() {
        assertThatThrownBy(() -> Quote.forItems(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quote.forItems(Quote.MAX_ITEMS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
