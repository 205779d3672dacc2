package boutique.quote;

import boutique.kit.web.RequestBodies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /getquote}: the shipping price in USD for {@code {"numberOfItems": n}}, as a bare JSON number. The
 * server span carries the number of items ({@code app.quote.items.count}) and the price
 * ({@code app.quote.cost.total}).
 */
@RestController
class QuoteController {

    /** A valid body is a few dozen bytes; anything much larger is refused before it is buffered. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static final String ROUTE = "/getquote";
    static final AttributeKey<Long> ITEMS_COUNT = AttributeKey.longKey("app.quote.items.count");
    static final AttributeKey<Double> COST_TOTAL = AttributeKey.doubleKey("app.quote.cost.total");

    private static final Logger log = LoggerFactory.getLogger(QuoteController.class);

    private final QuoteRequests requests;

    QuoteController(QuoteRequests requests) {
        this.requests = requests;
    }

    // The reference decodes the raw body whatever its content type, so no "consumes" here.
    @PostMapping(ROUTE)
    ResponseEntity<String> getQuote(InputStream body) throws IOException {
        // The server span is named from its route ("POST /getquote"), which the kit's tracing filter does not find
        // by itself: it is not given Spring's handler mappings.
        Context context = Context.current();
        HttpServerRoute.update(context, HttpServerRouteSource.CONTROLLER, ROUTE);
        long items = requests.numberOfItems(RequestBodies.readAtMost(body, MAX_BODY_BYTES));
        double cost = Quote.forItems(items);
        Span span = Span.fromContext(context);
        span.setAttribute(ITEMS_COUNT, items);
        span.setAttribute(COST_TOTAL, cost);
        String quote = Quote.toJson(cost);
        log.debug("GetQuote numberOfItems={} quote={}", items, quote);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(quote);
    }
}
