package boutique.shipping;

import boutique.kit.Money;
import boutique.kit.ShopException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The quote service's {@code POST /getquote}, over the JDK's HTTP client. Every call has a deadline: the
 * configured timeout, or what is left of the gRPC caller's deadline when that is sooner. A quote call that
 * fails in any way (refused, too slow, a non-2xx status, a body that is not a quote) is UNAVAILABLE.
 */
@Component
class QuoteClient {

    private static final Logger log = LoggerFactory.getLogger(QuoteClient.class);
    /** A quote is a short number; a longer answer is not one, and is not buffered. */
    private static final int MAX_ANSWER_BYTES = 64;

    private final URI getQuote;
    private final Duration timeout;
    private final HttpClient http;

    QuoteClient(ShippingProperties properties) {
        this.getQuote = getQuoteUri(properties.quoteAddress());
        this.timeout = properties.quoteTimeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.quoteConnectTimeout())
                .build();
    }

    private static URI getQuoteUri(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("environment variable QUOTE_SERVICE_ADDR is not set: it must be the URL "
                    + "of the quote service, e.g. http://quoteservice:8090");
        }
        String base = address.strip().contains("://") ? address.strip() : "http://" + address.strip();
        try {
            return URI.create(base.replaceAll("/+$", "") + "/getquote");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("QUOTE_SERVICE_ADDR is not a URL: " + address, e);
        }
    }

    /** The price in USD of shipping this many items, to the cent. */
    Money quote(long numberOfItems) {
        Duration wait = timeLeft();
        HttpRequest request = HttpRequest.newBuilder(getQuote)
                .timeout(wait)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"numberOfItems\":" + numberOfItems + "}"))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_ANSWER_BYTES + 1), StandardCharsets.UTF_8);
            }
            if (response.statusCode() / 100 != 2) {
                throw failure("the quote service answered HTTP " + response.statusCode());
            }
            return toMoney(body);
        } catch (HttpConnectTimeoutException e) {
            throw failure("the quote service at " + getQuote + " did not accept a connection in time");
        } catch (HttpTimeoutException e) {
            if (wait.compareTo(timeout) < 0) {
                // The caller's deadline ran out, not our patience with the quote service.
                throw new ShopException(
                        Status.Code.DEADLINE_EXCEEDED, "deadline exceeded waiting for the quote service");
            }
            throw failure("the quote service did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw failure("cannot connect to the quote service at " + getQuote);
        } catch (IOException e) {
            throw failure("the call to the quote service at " + getQuote + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the quote service");
        }
    }

    /** The configured timeout, or what is left of the caller's deadline when that is sooner. */
    private Duration timeLeft() {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return timeout;
        }
        long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
        if (left <= 0) {
            throw new ShopException(
                    Status.Code.DEADLINE_EXCEEDED, "deadline exceeded before the quote service was called");
        }
        return Duration.ofMillis(Math.min(left, timeout.toMillis()));
    }

    /** The quote as USD rounded to the nearest cent: right for the unrounded double and for a rounded quote. */
    private static Money toMoney(String body) {
        String text = body.strip();
        try {
            BigDecimal usd = new BigDecimal(text);
            if (text.length() <= MAX_ANSWER_BYTES && usd.signum() >= 0) {
                return Money.of("USD", usd.setScale(2, RoundingMode.HALF_EVEN));
            }
        } catch (NumberFormatException | Money.InvalidMoneyException e) {
            // not a quote: reported below
        }
        throw failure("the quote service answered something that is not a quote");
    }

    private static ShopException failure(String why) {
        log.warn("shipping quote unavailable: {}", why);
        return ShopException.unavailable("failed to get a shipping quote: " + why);
    }
}
