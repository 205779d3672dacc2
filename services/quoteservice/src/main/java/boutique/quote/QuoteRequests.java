package boutique.quote;

import boutique.kit.web.BadRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the number of items out of a {@code /getquote} body, with the reference's leniency where a client may
 * rely on it (a numeric string counts, a fraction is cut off) and a clear message for anything else.
 */
@Component
class QuoteRequests {

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
        BigDecimal count = toNumber(value);
        if (count.signum() < 0) {
            throw new BadRequestException("numberOfItems must not be negative");
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
        }
    }

    private static BigDecimal toNumber(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            try {
                // Bounded by the JSON parser's own limit on string length; a count has a handful of digits.
                String text = value.stringValue().strip();
                if (text.length() <= 40) {
                    return new BigDecimal(text);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new BadRequestException("numberOfItems must be a number");
    }
}
