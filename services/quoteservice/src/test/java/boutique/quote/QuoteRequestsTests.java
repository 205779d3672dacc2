package boutique.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import boutique.kit.web.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The count read out of a body, for the numbers a client may mean and for hostile ones. */
class QuoteRequestsTests {

    /**
     * Expanding {@code 1e50000000} takes minutes of CPU; a refusal from the digits and exponent alone takes
     * microseconds. The bound is far above the second and far below the minutes.
     */
    private static final Duration NO_ARITHMETIC_ON_HUGE_NUMBERS = Duration.ofSeconds(2);

    private final QuoteRequests requests =
            new QuoteRequests(JsonMapper.builder().build());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2                  | 2",
                "\"2\"              | 2",
                "0                  | 0",
                "\"0\"              | 0",
                "2.9                | 2",
                "\"2.9\"            | 2",
                "2.0                | 2",
                "1e3                | 1000",
                "\"1E+3\"           | 1000",
                "\" 7 \"            | 7",
                "1e-5               | 0",
                "4294967295         | 4294967295",
                "4294967295.99      | 4294967295",
                "\"4294967295\"     | 4294967295",
                "0.00000000000000000001 | 0",
            })
    void numberOfItems_countAsANumberOrNumericString_isItsWholePart(String value, long expected) {
        assertThat(count(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1e50000000            | numberOfItems must be at most 4294967295",
                "\"1e50000000\"        | numberOfItems must be at most 4294967295",
                "1e999999999           | numberOfItems must be at most 4294967295",
                "\"1e999999999\"       | numberOfItems must be at most 4294967295",
                "1E+2147483647         | numberOfItems must be at most 4294967295",
                "1e-50000000           | numberOfItems must have at most 20 digits after the decimal point",
                "\"1e-50000000\"       | numberOfItems must have at most 20 digits after the decimal point",
                "\"1e-999999999\"      | numberOfItems must have at most 20 digits after the decimal point",
                "0.000000000000000000001 | numberOfItems must have at most 20 digits after the decimal point",
                "-1e50000000           | numberOfItems must not be negative",
                "\"-1e999999999\"      | numberOfItems must not be negative",
                "4294967296            | numberOfItems must be at most 4294967295",
                "4294967295e1          | numberOfItems must be at most 4294967295",
                "12345678901           | numberOfItems must be at most 4294967295",
                "\"1e9999999999\"      | numberOfItems must be a number",
                "1e9999999999          | body holds a number out of range",
                "\"0x10\"              | numberOfItems must be a number",
                "\"NaN\"               | numberOfItems must be a number",
                "\"Infinity\"          | numberOfItems must be a number",
                "\"-Infinity\"         | numberOfItems must be a number",
                "NaN                   | body is not valid JSON",
                "Infinity              | body is not valid JSON",
                "0x10                  | body is not valid JSON",
                "\"٢\"                 | numberOfItems must be a number",
                "\"2 items\"           | numberOfItems must be a number",
                "\"1_000\"             | numberOfItems must be a number",
                "\"\"                  | numberOfItems must be a number",
            })
    void numberOfItems_hostileNumber_isRefusedAtOnceWithAMessage(String value, String message) {
        assertTimeoutPreemptively(
                NO_ARITHMETIC_ON_HUGE_NUMBERS,
                () -> assertThatThrownBy(() -> count(value))
                        .isInstanceOf(BadRequestException.class)
                        .hasMessage(message));
    }

    @ParameterizedTest(name = "{0} digits")
    @CsvSource({"41", "1000"})
    void numberOfItems_stringOfManyDigits_isRefused(int digits) {
        assertThatThrownBy(() -> count("\"" + "1".repeat(digits) + "\""))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("numberOfItems must be a number");
    }

    @ParameterizedTest(name = "{0} digits")
    @CsvSource({"11", "1000"})
    void numberOfItems_jsonNumberOfManyDigits_isRefused(int digits) {
        assertThatThrownBy(() -> count("1".repeat(digits)))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("numberOfItems must be at most 4294967295");
    }

    @ParameterizedTest(name = "{0} digits")
    @CsvSource({"1001", "100000"})
    void numberOfItems_numberBeyondTheParsersLimit_isNotValidJson(int digits) {
        assertThatThrownBy(() -> count("1".repeat(digits)))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("body is not valid JSON");
    }

    private long count(String value) {
        return requests.numberOfItems(("{\"numberOfItems\":" + value + "}").getBytes(StandardCharsets.UTF_8));
    }
}
