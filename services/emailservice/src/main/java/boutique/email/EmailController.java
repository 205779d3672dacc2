package boutique.email;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /send_order_confirmation}: the order confirmation checkout asks for; 200 with an empty body. */
@RestController
class EmailController {

    /** Far above any real order's JSON (a hundred items is about 10 KB); refused before it is buffered. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final OrderConfirmationReader reader;
    private final OrderConfirmations confirmations;

    EmailController(OrderConfirmationReader reader, OrderConfirmations confirmations) {
        this.reader = reader;
        this.confirmations = confirmations;
    }

    // The reference parses the body as JSON whatever its content type, so no "consumes" here.
    @PostMapping("/send_order_confirmation")
    ResponseEntity<Void> sendOrderConfirmation(InputStream body) throws IOException {
        confirmations.send(reader.read(body, MAX_BODY_BYTES));
        return ResponseEntity.ok().build();
    }
}
