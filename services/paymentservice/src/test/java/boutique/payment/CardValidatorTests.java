package boutique.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.ShopException;
import hipstershop.CreditCardInfo;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The card rules as a table: every type of the library, every message, the expiry boundaries. */
class CardValidatorTests {

    /** 15 March 2026, 12:00 UTC. */
    private static final Clock MARCH_2026 = Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC);

    private static final String INVALID = "Credit card info is invalid.";

    private static CreditCardInfo card(String number, int month, int year) {
        return CreditCardInfo.newBuilder()
                .setCreditCardNumber(number)
                .setCreditCardCvv(123)
                .setCreditCardExpirationMonth(month)
                .setCreditCardExpirationYear(year)
                .build();
    }

    @ParameterizedTest(name = "{0} {1}/{2} is accepted as {3}")
    @CsvSource({
        "4111 1111 1111 1111, 12, 2035, visa",
        "4111-1111-1111-1111, 12, 2035, visa",
        "4111111111111111,    12, 2035, visa",
        "4000000000000002,    1,  9999, visa",
        "5555 5555 5555 4444, 12, 2035, mastercard",
        "5105105105105100,    12, 2035, mastercard",
        "5100000000000008,    12, 2035, mastercard",
        "4111 1111 1111 1111, 3,  2026, visa",
        "4111 1111 1111 1111, 1,  2027, visa",
    })
    void check_goodVisaOrMastercard_returnsItsType(String number, int month, int year, String type) {
        assertThat(new CardValidator(MARCH_2026).check(card(number, month, year)))
                .isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} {1}/{2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // not valid: checksum, characters, length, no type, impossible expiry
                "4111 1111 1111 1112   | 12 | 2035 | Credit card info is invalid.",
                "4111.1111.1111.1111   | 12 | 2035 | Credit card info is invalid.",
                "4111 1111 1111 111a   | 12 | 2035 | Credit card info is invalid.",
                "4222222222222         | 12 | 2035 | Credit card info is invalid.",
                "4000000000000000006   | 12 | 2035 | Credit card info is invalid.",
                "2223 0031 2200 3222   | 12 | 2035 | Credit card info is invalid.",
                "1234 5678 9012 3456   | 12 | 2035 | Credit card info is invalid.",
                "3000000000000004      | 12 | 2035 | Credit card info is invalid.",
                "3782 822463 10006     | 12 | 2035 | Credit card info is invalid.",
                "''                    | 12 | 2035 | Credit card info is invalid.",
                "'   -  '              | 12 | 2035 | Credit card info is invalid.",
                "4111 1111 1111 1111   | 0  | 0    | Credit card info is invalid.",
                "4111 1111 1111 1111   | 0  | 2035 | Credit card info is invalid.",
                "4111 1111 1111 1111   | 12 | 0    | Credit card info is invalid.",
                "4111 1111 1111 1111   | 13 | 2035 | Credit card info is invalid.",
                "4111 1111 1111 1111   | -1 | 2035 | Credit card info is invalid.",
                "4111 1111 1111 1111   | 12 | -2035 | Credit card info is invalid.",
                "3782 822463 10006     | 0  | 0    | Credit card info is invalid.",
                // type is checked before expiry
                "3782 822463 10005     | 1  | 2020 | Sorry, we cannot process amex credit cards. Only VISA or MasterCard "
                        + "is accepted.",
                // expired: the month before this one, or any earlier one; month and year printed as sent
                "4111 1111 1111 1111   | 6  | 2024 | The credit card (ending 1111) expired on 6/2024.",
                "5555-5555-5555-4444   | 2  | 2023 | The credit card (ending 4444) expired on 2/2023.",
                "4111 1111 1111 1111   | 2  | 2026 | The credit card (ending 1111) expired on 2/2026.",
                "4111 1111 1111 1111   | 12 | 2025 | The credit card (ending 1111) expired on 12/2025.",
                "4111111111111111      | 4  | 26   | The credit card (ending 1111) expired on 4/26.",
                "41111111111111-11     | 1  | 1    | The credit card (ending 1-11) expired on 1/1.",
            })
    void check_refusedCard_isInvalidArgumentWithTheReferenceMessage(
            String number, int month, int year, String message) {
        assertThatThrownBy(() -> new CardValidator(MARCH_2026).check(card(number, month, year)))
                .isInstanceOfSatisfying(ShopException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @ParameterizedTest(name = "{0} is a valid {1} card, refused by type")
    @CsvSource(
            delimiter = '|',
            value = {
                "3782 822463 10005     | amex",
                "370000000000002       | amex",
                "30000000000004        | diners_club_carte_blanche",
                "36227206271667        | diners_club_international",
                "3530 1113 3330 0000   | jcb",
                "6304000000000000      | laser",
                "6706000000000000006   | laser",
                "4917 6100 0000 0000   | visa_electron",
                "4026000000000002      | visa_electron",
                "4175000000000001      | visa_electron",
                "4508000000000009      | visa_electron",
                "4844000000000002      | visa_electron",
                "4913000000000008      | visa_electron",
                "5018 0000 0000 0009   | maestro",
                "675900000000          | maestro",
                "5085000000000007      | rupay",
                "6069850000000003      | rupay",
                "6085000000000005      | rupay",
                "6521500000000006      | rupay",
                "8201990000000002      | rupay",
                "6011 1111 1111 1117   | discover",
                "6221260000000000      | discover",
                "6500000000000002      | discover",
            })
    void check_validCardOfAnotherType_isRefusedNamingTheType(String number, String type) {
        assertThatThrownBy(() -> new CardValidator(MARCH_2026).check(card(number, 12, 2035)))
                .isInstanceOfSatisfying(ShopException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getMessage())
                            .isEqualTo("Sorry, we cannot process " + type
                                    + " credit cards. Only VISA or MasterCard is accepted.");
                });
    }

    @ParameterizedTest(name = "on {0}, expiry {1}/{2} accepted: {3}")
    @CsvSource({
        "2026-01-01T00:00:00Z, 1,  2026, true",
        "2026-01-01T00:00:00Z, 12, 2025, false",
        "2025-12-31T23:59:59Z, 12, 2025, true",
        "2026-03-31T23:59:59Z, 3,  2026, true",
        "2026-04-01T00:00:00Z, 3,  2026, false",
    })
    void check_expiryMonth_isGoodUpToItsLastSecondInUtc(Instant now, int month, int year, boolean accepted) {
        CardValidator validator = new CardValidator(Clock.fixed(now, ZoneOffset.UTC));
        CreditCardInfo card = card("4111 1111 1111 1111", month, year);
        if (accepted) {
            assertThat(validator.check(card)).isEqualTo("visa");
        } else {
            assertThatThrownBy(() -> validator.check(card)).hasMessageContaining("expired on " + month + "/" + year);
        }
    }

    @ParameterizedTest(name = "a {0}-character number is invalid")
    @CsvSource({"65", "1000", "1000000"})
    void check_hugeNumber_isInvalid(int length) {
        assertThatThrownBy(() -> new CardValidator(MARCH_2026).check(card("4".repeat(length), 12, 2035)))
                .hasMessage(INVALID);
    }
}
