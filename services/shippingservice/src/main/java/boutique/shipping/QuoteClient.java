package boutique.shipping;

import boutique.kit.HttpServiceClient;
import boutique.kit.Money;
import boutique.kit.ShopException;
import io.grpc.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The quote service's {@code POST /getquote}. Every call has a deadline: the configured timeout, or what is left
 * of the gRPC caller's deadline when that is sooner. A quote call that fails in any way (refused, too slow, a
 * status other than 2xx, an answer that is not a quote) is UNAVAILABLE.
 */
@Component
class QuoteClient {

    private static final Logger log = LoggerFactory.getLogger(QuoteClient.class);
    /** A quote is a short number; a longer answer is not one. */
    private static final int MAX_QUOTE_LENGTH = 64;
    /** Money's units are a long: 18 digits always fit. */
    private static final int MAX_WHOLE_DIGITS = 18;

    private final HttpServiceClient quoteService;

    QuoteClient(ShippingProperties properties, RestClient.Builder restClient) {
        this.quoteService = new HttpServiceClient(
                restClient,
                "the quote service",
                "QUOTE_SERVICE_ADDR",
                properties.quoteAddress(),
                properties.quoteConnectTimeout(),
                properties.quoteTimeout());
    }

    /** The price in USD of shipping this many items, to the cent. */
    Money quote(long numberOfItems) {
        byte[] request = ("{\"numberOfItems\":" + numberOfItems + "}").getBytes(StandardCharsets.UTF_8);
        try {
            byte[] answer = quoteService.call(rest -> rest.post()
                    .uri("/getquote")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(request)
                    .retrieve()
                    .body(byte[].class));
            return toMoney(answer == null ? "" : new String(answer, StandardCharsets.UTF_8));
        } catch (ShopException e) {
            if (e.code() == Status.Code.UNAVAILABLE) {
                log.warn("shipping quote unavailable: {}", e.getMessage());
            }
            throw new ShopException(e.code(), "failed to get a shipping quote: " + e.getMessage());
        }
    }

    /**
     * The quote as USD rounded to the nearest cent: right for the unrounded double and for a rounded quote. Its
     * digits and exponent are checked before it is rounded: rounding {@code 1e999999999} would take minutes.
     */
    private Money toMoney(String body) {
        String text = body.strip();
        try {
            if (text.length() <= MAX_QUOTE_LENGTH) {
                BigDecimal usd = new BigDecimal(text);
                boolean fitsMoney =
                        usd.precision() - usd.scale() <= MAX_WHOLE_DIGITS && usd.scale() <= MAX_QUOTE_LENGTH;
                if (usd.signum() >= 0 && fitsMoney) {
                    return Money.of("USD", usd.setScale(2, RoundingMode.HALF_EVEN));
                }
            }
        } catch (NumberFormatException | Money.InvalidMoneyException e) {
            // not a quote: reported below
        }
        throw quoteService.unavailable("answered something that is not a quote");
    }
}
