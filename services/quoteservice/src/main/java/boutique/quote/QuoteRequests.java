package boutique.quote;

import boutique.kit.web.BadRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the number of items out of a {@code /getquote} body, with the reference's leniency where a client may
 * rely on it (a numeric string counts, a fraction is cut off) and a clear message for anything else. A number is
 * range-checked from its digit count and exponent alone, before any arithmetic: {@code 1e50000000} would
 * otherwise take minutes of CPU to expand.
 */
@Component
class QuoteRequests {

    /** A count written out is a handful of characters; this leaves room for {@code "2.000"} or {@code "1e3"}. */
    static final int MAX_NUMBER_TEXT = 40;
    /** More decimals than this is not a count anyone means; refusing them keeps the truncation cheap. */
    static final int MAX_DECIMALS = 20;

    /** A plain decimal in ASCII digits, with an optional exponent: no hex, NaN, Infinity or other scripts' digits. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Digits before the decimal point of the largest count, 4294967295. */
    private static final int MAX_INTEGER_DIGITS = 10;

    private final ObjectReader reader;

    QuoteRequests(JsonMapper mapper) {
        this.reader = mapper.readerFor(JsonNode.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** The item count of this body; throws {@link BadRequestException} saying what is wrong. */
    long numberOfItems(byte[] body) {
        JsonNode json = parse(body);
        if (!json.isObject()) {
            throw new BadRequestException("body must be a JSON object like {\"numberOfItems\": 2}");
        }
        JsonNode value = json.get("numberOfItems");
        if (value == null || value.isNull()) {
            throw new BadRequestException("numberOfItems is required");
        }
        return toCount(toNumber(value));
    }

    /**
     * The whole part of a count, refused when out of range. Only the sign, precision and scale are read until the
     * value is known to be a count of at most ten digits and {@value #MAX_DECIMALS} decimals, so the truncation
     * that follows is cheap whatever was sent.
     */
    static long toCount(BigDecimal count) {
        if (count.signum() < 0) {
            throw new BadRequestException("numberOfItems must not be negative");
        }
        if (count.signum() == 0) {
            return 0;
        }
        // precision - scale is the number of digits before the decimal point (zero or less for a fraction).
        if ((long) count.precision() - count.scale() > MAX_INTEGER_DIGITS) {
            throw new BadRequestException("numberOfItems must be at most " + Quote.MAX_ITEMS);
        }
        if (count.scale() > MAX_DECIMALS) {
            throw new BadRequestException(
                    "numberOfItems must have at most " + MAX_DECIMALS + " digits after the decimal point");
        }
        BigDecimal whole = count.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(Quote.MAX_ITEMS)) > 0) {
            throw new BadRequestException("numberOfItems must be at most " + Quote.MAX_ITEMS);
        }
        return whole.longValueExact();
    }

    private JsonNode parse(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new BadRequestException("body is empty: send a JSON object like {\"numberOfItems\": 2}");
        }
        try {
            return reader.readValue(body);
        } catch (JacksonException e) {
            throw new BadRequestException("body is not valid JSON");
        } catch (NumberFormatException e) {
            // Jackson's own refusal of a number beyond its limits, such as an exponent past the int range.
            throw new BadRequestException("body holds a number out of range");
        }
    }

    private static BigDecimal toNumber(JsonNode value) {
        // Floats arrive as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS) and integers as int, long or BigInteger, each
        // within the parser's limit of 1000 digits; NaN and Infinity are not JSON and never get here.
        if (value.isNumber() && (value.isIntegralNumber() || value.isBigDecimal())) {
            return value.decimalValue();
        }
        if (value.isString()) {
            String text = value.stringValue().strip();
            if (text.length() <= MAX_NUMBER_TEXT && DECIMAL.matcher(text).matches()) {
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    // an exponent beyond the int range: reported below
                }
            }
        }
        throw new BadRequestException("numberOfItems must be a number");
    }
}
