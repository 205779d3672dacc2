package boutique.email;

import boutique.email.OrderConfirmationRequest.Order;
import boutique.kit.FeatureFlags;
import boutique.kit.web.BadRequestException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends order confirmations, as far as a demo does: renders the mail and logs that it would go out. Nothing is
 * kept once a confirmation is handled, except under the {@code emailMemoryLeak} scenario, which keeps
 * {@value #LEAKED_COPIES} copies of every mail forever on purpose. The request's server span is given the order
 * ({@code app.order.id}) and, once it is found valid, the recipient ({@code app.email.recipient}).
 */
@Service
class OrderConfirmations {

    static final String MEMORY_LEAK_FLAG = "emailMemoryLeak";
    static final int LEAKED_COPIES = 1_000;
    static final int MAX_EMAIL_LENGTH = 254;
    static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("app.order.id");
    static final AttributeKey<String> RECIPIENT = AttributeKey.stringKey("app.email.recipient");

    private static final Logger log = LoggerFactory.getLogger(OrderConfirmations.class);

    private final ConfirmationMail mail;
    private final FeatureFlags flags;
    /** Only the memory-leak scenario ever adds to this. */
    private final List<byte[]> leaked = Collections.synchronizedList(new ArrayList<>());

    OrderConfirmations(ConfirmationMail mail, FeatureFlags flags) {
        this.mail = mail;
        this.flags = flags;
    }

    void send(OrderConfirmationRequest request) {
        Span span = Span.current();
        Order order = request.order();
        // An id the mail would refuse as too long is not copied onto the span either.
        if (order != null && order.orderId() != null && order.orderId().length() <= ConfirmationMail.MAX_ID_LENGTH) {
            span.setAttribute(ORDER_ID, order.orderId());
        }
        String email = recipient(request.email());
        span.setAttribute(RECIPIENT, email);
        if (order == null) {
            throw new BadRequestException("order is required");
        }
        String html = mail.render(order);
        log.info(
                "order confirmation for order {} would be sent to {} ({} characters of HTML)",
                order.orderId(),
                email,
                html.length());
        if (flags.isOn(MEMORY_LEAK_FLAG)) {
            leak(html);
        }
    }

    private static String recipient(String email) {
        if (email == null || email.isBlank()) {
            throw new BadRequestException("email is required");
        }
        if (email.length() > MAX_EMAIL_LENGTH || !email.matches("[^\\s@]+@[^\\s@]+")) {
            throw new BadRequestException(
                    "email must be one address like someone@example.com, at most " + MAX_EMAIL_LENGTH + " characters");
        }
        return email;
    }

    private void leak(String html) {
        for (int i = 0; i < LEAKED_COPIES; i++) {
            // A fresh array each time: copies of one String would share its bytes and leak nothing.
            leaked.add(html.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** How many mail copies the memory-leak scenario holds. */
    int leakedCopies() {
        return leaked.size();
    }
}
