package boutique.email;

import boutique.kit.web.BadRequestException;
import boutique.kit.web.RequestBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Reads a confirmation request body, with a message naming what is wrong when it cannot be read. */
@Component
class OrderConfirmationReader {

    private final ObjectReader reader;

    OrderConfirmationReader(JsonMapper mapper) {
        this.reader = mapper.readerFor(OrderConfirmationRequest.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Checkout leaves zero values out: a missing units, nanos or quantity reads as 0.
                .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    OrderConfirmationRequest read(InputStream body, int limit) throws IOException {
        byte[] bytes = RequestBodies.readAtMost(body, limit);
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new BadRequestException("body is empty: send the order as JSON {\"email\": ..., \"order\": ...}");
        }
        try {
            return reader.readValue(bytes);
        } catch (InputCoercionException e) {
            throw new BadRequestException("number out of range" + at(e));
        } catch (StreamReadException | StreamConstraintsException e) {
            throw new BadRequestException("body is not valid JSON");
        } catch (JacksonException e) {
            String where = at(e);
            throw new BadRequestException(
                    where.isEmpty()
                            ? "body must be a JSON object {\"email\": ..., \"order\": ...}"
                            : "value of the wrong type" + where);
        }
    }

    /** Where in the body the problem is, as " at order.items[0].cost.units", or empty for the top level. */
    private static String at(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " at " + path;
    }
}
