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
 * that cannot be right (an item without a product or with a quantity below 1, an invalid amount) is refused, and
 * so is a text or a list longer than any order has, since every one of them is copied into the mail.
 */
@Component
class ConfirmationMail {

    /** Checkout's ids are UUIDs (36 characters) and the catalog's product ids are 10; the cart keeps ids to 64. */
    static final int MAX_ID_LENGTH = 64;
    /** A street, city, state, country or postal code. */
    static final int MAX_ADDRESS_FIELD_LENGTH = 256;
    /** ISO 4217 codes have three letters; checkout only ever sends one of those. */
    static final int MAX_CURRENCY_CODE_LENGTH = 3;
    /** A cart holds at most 100 products; ten times that leaves room without letting a mail grow unbounded. */
    static final int MAX_ITEMS = 1_000;

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
        model.put("orderId", bounded(order.orderId(), "order_id", MAX_ID_LENGTH));
        model.put("trackingId", bounded(order.shippingTrackingId(), "shipping_tracking_id", MAX_ID_LENGTH));
        Money shipping = money(order.shippingCost());
        model.put("shippingCost", shipping.format());
        model.put("address", address(order.shippingAddress()));
        if (order.items() != null && order.items().size() > MAX_ITEMS) {
            throw new BadRequestException("an order must have at most " + MAX_ITEMS + " items");
        }
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
            String productId = bounded(orderItem.item().productId(), "product_id", MAX_ID_LENGTH);
            int quantity = orderItem.item().quantity();
            if (quantity < 1) {
                throw new BadRequestException("quantity must be at least 1");
            }
            Money unitPrice = money(orderItem.cost());
            return new Line(productId, quantity, unitPrice, unitPrice.times(quantity));
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
        String zipCode = addressField(address.zipCode(), "zip_code");
        String zip = "0".equals(zipCode) ? "" : zipCode;
        String cityLine = joinNonBlank(
                ", ",
                addressField(address.city(), "city"),
                joinNonBlank(" ", addressField(address.state(), "state"), zip));
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("street", addressField(address.streetAddress(), "street_address"));
        block.put("cityLine", cityLine);
        block.put("country", addressField(address.country(), "country"));
        return block;
    }

    private static Money money(Amount amount) {
        if (amount == null) {
            return Money.zero("");
        }
        String currencyCode = text(amount.currencyCode());
        if (currencyCode.length() > MAX_CURRENCY_CODE_LENGTH) {
            throw new BadRequestException(
                    "invalid money: currency code must be at most " + MAX_CURRENCY_CODE_LENGTH + " characters");
        }
        return new Money(currencyCode, amount.units(), amount.nanos());
    }

    private static String addressField(String value, String name) {
        return bounded(value, name, MAX_ADDRESS_FIELD_LENGTH);
    }

    /** The text, or empty when absent; one longer than {@code max} characters is refused naming its field. */
    private static String bounded(String value, String name, int max) {
        String text = text(value);
        if (text.length() > max) {
            throw new BadRequestException(name + " must be at most " + max + " characters");
        }
        return text;
    }

    private static String joinNonBlank(String separator, String... parts) {
        return Stream.of(parts).filter(s -> !s.isBlank()).collect(Collectors.joining(separator));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
