package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTests {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
        "0.30, 0.30, 0.6",
        "57.08, 8.90, 65.98",
        "0.999999999, 0.000000001, 1",
        "1.5, -2.25, -0.75",
        "-1.75, -0.25, -2",
        "101.96, -101.96, 0",
        "9223372036854775806.5, 0.499999999, 9223372036854775806.999999999",
    })
    void plus_addsExactlyWithCarry(String a, String b, String sum) {
        Money result = Money.of("USD", a).plus(Money.of("USD", b));
        assertThat(result.toBigDecimal()).isEqualByComparingTo(sum);
        assertThat(Money.problem(result.units(), result.nanos())).isNull();
    }

    @ParameterizedTest(name = "{0} x {1} = {2}")
    @CsvSource({
        "57.08, 3, 171.24",
        "0.33, 3, 0.99",
        "101.96, 1, 101.96",
        "8.90, 0, 0",
        "-1.75, 2, -3.5",
        "3599, 10, 35990",
    })
    void times_multipliesExactly(String amount, long quantity, String product) {
        assertThat(Money.of("EUR", amount).times(quantity).toBigDecimal()).isEqualByComparingTo(product);
    }

    @Test
    void negate_flipsBothParts() {
        Money negated = Money.of("USD", "-1.75").negate();
        assertThat(negated.units()).isEqualTo(1);
        assertThat(negated.nanos()).isEqualTo(750_000_000);
    }

    @ParameterizedTest(name = "{0} rounds to {1}/{2}")
    @CsvSource({
        "1.0000000005, 1, 0",
        "1.0000000015, 1, 2",
        "1.00000000151, 1, 2",
        "-0.0000000025, 0, -2",
        "50.490933215, 50, 490933215",
    })
    void of_roundsHalfEvenToTheNano(String amount, long units, int nanos) {
        Money money = Money.of("USD", amount);
        assertThat(money.units()).isEqualTo(units);
        assertThat(money.nanos()).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "units {0} nanos {1} is invalid")
    @CsvSource({
        "0, 1000000000",
        "0, -1000000000",
        "1, -1",
        "-1, 1",
        "5, 2147483647",
    })
    void constructor_rejectsInvalidValues(long units, int nanos) {
        assertThatThrownBy(() -> new Money("USD", units, nanos))
                .isInstanceOf(Money.InvalidMoneyException.class)
                .hasMessageStartingWith("invalid money: ")
                .satisfies(e -> assertThat(((ShopException) e).code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @ParameterizedTest(name = "units {0} nanos {1} is valid")
    @CsvSource({"0, 0", "0, -5", "0, 5", "-3, -999999999", "7, 999999999"})
    void constructor_acceptsValidValues(long units, int nanos) {
        assertThat(new Money("USD", units, nanos).units()).isEqualTo(units);
    }

    @Test
    void plus_mismatchedCurrencies_fails() {
        assertThatThrownBy(() -> Money.of("USD", "1").plus(Money.of("EUR", "1")))
                .isInstanceOf(Money.InvalidMoneyException.class)
                .hasMessage("invalid money: mismatching currency codes USD and EUR");
    }

    @Test
    void times_overflow_failsInsteadOfWrapping() {
        assertThatThrownBy(() -> Money.of("USD", "922337203685477580").times(100))
                .isInstanceOf(Money.InvalidMoneyException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void protoRoundTrip_keepsEveryField() {
        hipstershop.Money proto = hipstershop.Money.newBuilder()
                .setCurrencyCode("JPY")
                .setUnits(12640)
                .setNanos(5)
                .build();
        assertThat(Money.fromProto(proto).toProto()).isEqualTo(proto);
        assertThat(Money.isValid(proto)).isTrue();
        assertThat(Money.isValid(proto.toBuilder().setNanos(-5).build())).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}.{2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "USD | 101 | 960000000 | $101.96",
                "USD | 57 | 80000000 | $57.08",
                "EUR | 50  | 490000000 | €50.49",
                "JPY | 12640 | 0       | ¥12,640",
                "JPY | 12640 | 500000000 | ¥12,640",
                "JPY | 12641 | 500000000 | ¥12,642",
                "GBP | 6   | 770000000 | £6.77",
                "USD | 175 | 0 | $175.00",
                "USD | 3599 | 0 | $3,599.00",
                "USD | 0   | 5000000   | $0.00",
                "USD | 0   | 15000000  | $0.02",
                "XYZ | 3   | 100000000 | 3.10 XYZ",
            })
    void format_usesTheCurrencySymbolAndItsDecimalsRoundedHalfEven(
            String code, long units, int nanos, String expected) {
        assertThat(new Money(code, units, nanos).format()).isEqualTo(expected);
    }
}
