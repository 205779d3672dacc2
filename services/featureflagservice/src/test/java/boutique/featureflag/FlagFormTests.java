package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagFormTests {

    @Test
    void errors_validForm_isEmptyAndParsesTheProbability() {
        FlagForm form = FlagForm.of(" myFlag ", "does things", List.of("0.25"));
        assertThat(form.errors()).isEmpty();
        assertThat(form.name()).isEqualTo("myFlag");
        assertThat(form.probability()).isEqualTo(0.25);
    }

    @Test
    void errors_missingFields_areAllBlank() {
        assertThat(FlagForm.of(null, "  ", null).errors())
                .containsEntry("name", "can't be blank")
                .containsEntry("description", "can't be blank")
                .containsEntry("enabled", "can't be blank");
    }

    @ParameterizedTest
    @CsvSource({"abc, is invalid", "1.5, must be between 0 and 1", "-0.1, must be between 0 and 1", "NaN, is invalid"})
    void errors_badProbability_saysWhatIsWrong(String enabled, String message) {
        assertThat(FlagForm.of("a", "b", List.of(enabled)).errors())
                .containsOnlyKeys("enabled")
                .containsEntry("enabled", message);
    }

    @Test
    void errors_nameLongerThan100_isTooLong() {
        assertThat(FlagForm.of("x".repeat(100), "b", List.of("0")).errors()).isEmpty();
        assertThat(FlagForm.of("x".repeat(101), "b", List.of("0")).errors())
                .containsOnlyKeys("name")
                .containsEntry("name", "should be at most 100 character(s)");
    }

    @Test
    void errors_descriptionLongerThan1000_isTooLong() {
        assertThat(FlagForm.of("a", "d".repeat(1_000), List.of("0")).errors()).isEmpty();
        assertThat(FlagForm.of("a", "d".repeat(1_001), List.of("0")).errors())
                .containsOnlyKeys("description")
                .containsEntry("description", "should be at most 1000 character(s)");
    }

    @Test
    void of_referenceCheckboxForm_lastValueWins() {
        assertThat(FlagForm.of("a", "b", List.of("false", "true")).probability())
                .isEqualTo(1.0);
        assertThat(FlagForm.of("a", "b", List.of("false")).probability()).isEqualTo(0.0);
    }
}
