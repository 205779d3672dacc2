package boutique.email;

import boutique.email.OrderConfirmationRequest.Address;
import boutique.email.OrderConfirmationRequest.Amount;
import boutique.email.OrderConfirmationRequest.Order;
import boutique.email.OrderConfirmationRequest.OrderItem;
import boutique.kit.Money;
import boutique.kit.web.BadRequestException;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Renders the HTML confirmation of an order from our template, every value HTML-escaped and every amount
 * formatted as money. A field checkout leaves out (it omits zero values) renders as empty or zero; a value
 * that cannot be right (an item without a product or with a quantity below 1, an invalid amount) is refused.
 */
@Component
class ConfirmationMail {

    private final Template template;

    ConfirmationMail() {
        try (Reader source = new InputStreamReader(
                Objects.requireNonNull(ConfirmationMail.class.getResourceAsStream("/templates/confirmation.mustache")),
                StandardCharsets.UTF_8)) {
            // An empty value leaves its section out (no "Total" row without a total, no line for a missing street).
            this.template = Mustache.compiler().emptyStringIsFalse(true).compile(source);
        } catch (IOException e) {
            throw new UncheckedIOException("the confirmation template cannot be read", e);
        }
    }

    String render(Order order) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("orderId", text(order.orderId()));
        model.put("trackingId", text(order.shippingTrackingId()));
        Money shipping = money(order.shippingCost());
        model.put("shippingCost", shipping.format());
        model.put("address", address(order.shippingAddress()));
        List<Line> lines = order.items() == null
                ? List.of()
                : order.items().stream().map(Line::of).toList();
        model.put("hasItems", !lines.isEmpty());
        model.put("items", lines.stream().map(Line::view).toList());
        model.put("total", total(shipping, lines).map(Money::format).orElse(""));
        return template.execute(model);
    }

    /** Shipping plus every line; only a sum in one currency means anything (checkout always sends one). */
    private static Optional<Money> total(Money shipping, List<Line> lines) {
        Money total = shipping;
        for (Line line : lines) {
            if (!total.currencyCode().equals(line.amount().currencyCode())) {
                return Optional.empty();
            }
            total = total.plus(line.amount());
        }
        return Optional.of(total);
    }

    /** One item of the order: its product, how many, the price of one and of all. */
    private record Line(String productId, int quantity, Money unitPrice, Money amount) {

        static Line of(OrderItem orderItem) {
            if (orderItem == null
                    || orderItem.item() == null
                    || text(orderItem.item().productId()).isBlank()) {
                throw new BadRequestException("every item needs a product_id");
            }
            int quantity = orderItem.item().quantity();
            if (quantity < 1) {
                throw new BadRequestException("quantity must be at least 1");
            }
            Money unitPrice = money(orderItem.cost());
            return new Line(orderItem.item().productId(), quantity, unitPrice, unitPrice.times(quantity));
        }

        Map<String, Object> view() {
            return Map.of(
                    "productId",
                    productId,
                    "quantity",
                    quantity,
                    "unitPrice",
                    unitPrice.format(),
                    "amount",
                    amount.format());
        }
    }

    /** The address block, or false (no block) when the order has no address. */
    private static Object address(Address address) {
        if (address == null) {
            return false;
        }
        String zip = "0".equals(address.zipCode()) ? "" : text(address.zipCode());
        String cityLine = joinNonBlank(", ", text(address.city()), joinNonBlank(" ", text(address.state()), zip));
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("street", text(address.streetAddress()));
        block.put("cityLine", cityLine);
        block.put("country", text(address.country()));
        return block;
    }

    private static Money money(Amount amount) {
        if (amount == null) {
            return Money.zero("");
        }
        return new Money(text(amount.currencyCode()), amount.units(), amount.nanos());
    }

    private static String joinNonBlank(String separator, String... parts) {
        return Stream.of(parts).filter(s -> !s.isBlank()).collect(Collectors.joining(separator));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
