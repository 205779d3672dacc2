package boutique.email;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /send_order_confirmation}: the order confirmation checkout asks for; 200 with an empty body. */
@RestController
class EmailController {

    /**
     * Room for the largest order the mail accepts (1,000 items of about 120 bytes each); a larger body is refused
     * before it is buffered. With at most 16 requests at a time (Tomcat's threads), the bodies in memory stay a
     * few MB of the 40 MB heap.
     */
    static final int MAX_BODY_BYTES = 256 * 1024;

    static final String ROUTE = "/send_order_confirmation";

    private final OrderConfirmationReader reader;
    private final OrderConfirmations confirmations;

    EmailController(OrderConfirmationReader reader, OrderConfirmations confirmations) {
        this.reader = reader;
        this.confirmations = confirmations;
    }

    // The reference parses the body as JSON whatever its content type, so no "consumes" here.
    @PostMapping(ROUTE)
    ResponseEntity<Void> sendOrderConfirmation(InputStream body) throws IOException {
        // The server span is named from its route ("POST /send_order_confirmation", as the reference's is), which
        // the kit's tracing filter does not find by itself: it is not given Spring's handler mappings.
        HttpServerRoute.update(Context.current(), HttpServerRouteSource.CONTROLLER, ROUTE);
        confirmations.send(reader.read(body, MAX_BODY_BYTES));
        return ResponseEntity.ok().build();
    }
}
