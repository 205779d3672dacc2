package boutique.quote;

import boutique.kit.web.RequestBodies;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /getquote}: the shipping price in USD for {@code {"numberOfItems": n}}, as a bare JSON number. */
@RestController
class QuoteController {

    /** A valid body is a few dozen bytes; anything much larger is refused before it is buffered. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(QuoteController.class);

    private final QuoteRequests requests;

    QuoteController(QuoteRequests requests) {
        this.requests = requests;
    }

    // The reference decodes the raw body whatever its content type, so no "consumes" here.
    @PostMapping("/getquote")
    ResponseEntity<String> getQuote(InputStream body) throws IOException {
        long items = requests.numberOfItems(RequestBodies.readAtMost(body, MAX_BODY_BYTES));
        String quote = Quote.toJson(Quote.forItems(items));
        log.debug("GetQuote numberOfItems={} quote={}", items, quote);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(quote);
    }
}
