package boutique.featureflag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the UI's form sent ({@code feature_flag[name]}, {@code [description]}, {@code [enabled]}), checked with
 * the reference's per-field messages. {@code enabled} is the probability; {@code true}/{@code false} from the
 * reference's old checkbox form still mean 1 and 0.
 */
record FlagForm(String name, String description, String enabled) {

    static final String BLANK = "can't be blank";
    static final String TAKEN = "has already been taken";
    static final String INVALID = "is invalid";
    static final String OUT_OF_RANGE = "must be between 0 and 1";

    static FlagForm of(String name, String description, List<String> enabled) {
        // A checkbox form sends a hidden "false" and then "true" when ticked: the last value wins.
        String probability = enabled == null || enabled.isEmpty() ? "" : enabled.get(enabled.size() - 1);
        return new FlagForm(trim(name), trim(description), trim(probability));
    }

    static FlagForm of(Flag flag) {
        return new FlagForm(flag.name(), flag.description(), Probability.format(flag.probability()));
    }

    static FlagForm empty() {
        return new FlagForm("", "", "0");
    }

    /** Field name to message; empty when the form is valid. */
    Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        text("name", name, Flag.MAX_NAME_LENGTH, errors);
        text("description", description, Flag.MAX_DESCRIPTION_LENGTH, errors);
        if (enabled.isEmpty()) {
            errors.put("enabled", BLANK);
        } else if (parse(enabled) == null) {
            errors.put("enabled", INVALID);
        } else if (!Probability.isValid(parse(enabled))) {
            errors.put("enabled", OUT_OF_RANGE);
        }
        return errors;
    }

    /** The probability; call only on a valid form. */
    double probability() {
        return parse(enabled);
    }

    private static void text(String field, String value, int maxLength, Map<String, String> errors) {
        if (value.isBlank()) {
            errors.put(field, BLANK);
        } else if (value.length() > maxLength) {
            errors.put(field, tooLong(maxLength));
        }
    }

    /** The reference's wording (Ecto's length validation). */
    static String tooLong(int maxLength) {
        return "should be at most " + maxLength + " character(s)";
    }

    private static Double parse(String value) {
        if (value.equals("true")) {
            return 1.0;
        }
        if (value.equals("false")) {
            return 0.0;
        }
        try {
            double p = Double.parseDouble(value);
            return Double.isFinite(p) ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
