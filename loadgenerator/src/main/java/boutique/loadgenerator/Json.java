package boutique.loadgenerator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The JSON the load generator writes, with the Jackson 2 that Gatling brings: the shop's request bodies and the
 * status page's JSON.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Python's {@code json.dumps} layout, {@code {"a": 1, "b": 2}}, which the reference's requests send: a space
     * after each colon and comma, no line breaks.
     */
    private static final ObjectWriter REQUEST_BODY =
            MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEntrySpacing(Separators.Spacing.AFTER)
                            .withArrayValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
                    .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));

    private Json() {}

    /** A request body in the reference's layout; records keep their components' order. */
    static String requestBody(Object body) {
        try {
            return REQUEST_BODY.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Compact JSON, as bytes for a response. */
    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
