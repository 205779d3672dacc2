package boutique.email;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import boutique.email.OrderConfirmationRequest.Address;
import boutique.email.OrderConfirmationRequest.Amount;
import boutique.email.OrderConfirmationRequest.Order;
import boutique.email.OrderConfirmationRequest.OrderItem;
import boutique.kit.Money;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
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
        try (Reader source = new InputStreamReader(Objects.requireNonNull(
                ConfirmationMail.class.getResourceAsStream("/templates/confirmation.mustache")), StandardCharsets.UTF_8)) {
            this.template = Mustache.compiler().compile(source);
        } catch (IOException e) {
            throw new UncheckedIOException("the confirmation template cannot be read", e);
        }
    }

    String render(Order order) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("orderId", text(order.orderId()));
        model.put("trackingId", text(order.shippingTrackingId()));
        Money shipping = money(order.shippingCost());
        model.put("shippingCost", MoneyText.of(shipping));
        model.put("address", address(order.shippingAddress()));
        List<OrderItem> items = order.items() == null ? List.of() : order.items();
        List<Map<String, Object>> rows = new ArrayList<>();
        Money total = shipping;
        for (OrderItem item : items) {
            Map<String, Object> row = row(item);
            rows.add(row);
            Money amount = (Money) row.remove("money");
            total = total == null || !total.currencyCode().equals(amount.currencyCode()) ? null : total.plus(amount);
        }
        model.put("hasItems", !rows.isEmpty());
        model.put("items", rows);
        // Only a sum in one currency means anything; checkout always sends one.
        model.put("total", total == null ? false : MoneyText.of(total));
        return template.execute(model);
    }

    private static Map<String, Object> row(OrderItem orderItem) {
        if (orderItem == null || orderItem.item() == null || text(orderItem.item().productId()).isBlank()) {
            throw new BadRequestException("every item needs a product_id");
        }
        int quantity = orderItem.item().quantity();
        if (quantity < 1) {
            throw new BadRequestException("quantity must be at least 1");
        }
        Money unitPrice = money(orderItem.cost());
        Money amount = unitPrice.times(quantity);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("productId", orderItem.item().productId());
        row.put("quantity", quantity);
        row.put("unitPrice", MoneyText.of(unitPrice));
        row.put("amount", MoneyText.of(amount));
        row.put("money", amount);
        return row;
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
