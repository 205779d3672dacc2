package boutique.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.web.BadRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class OrderConfirmationsTests {

    private final OrderConfirmationReader reader =
            new OrderConfirmationReader(JsonMapper.builder().build());
    private final ConfirmationMail mail = new ConfirmationMail();
    private FakeFlagService flagService;
    private OrderConfirmations confirmations;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set(OrderConfirmations.MEMORY_LEAK_FLAG, 0);
        confirmations = new OrderConfirmations(mail, flagService.client());
    }

    @AfterEach
    void stop() throws InterruptedException {
        flagService.close();
    }

    @Test
    void render_showsEveryFieldOfTheOrderWithMoneyFormatted() throws Exception {
        String html = render(Orders.SNAKE_CASE_ORDER);
        assertThat(html)
                .contains("5b0f8f1e-6d5c-11ed-9a3c-0242ac120007")
                .contains("2f1b7c7e-3f2a-4a4e-9b0e-6c1d2e3f4a5b")
                .contains("Shipping cost: $8.90")
                .contains("1600 Amphitheatre Parkway")
                .contains("Mountain View, CA 94043")
                .contains("United States")
                .contains("<td>LS4PSXUNUM</td><td class=\"number\">2</td><td class=\"number\">$57.80</td>"
                        + "<td class=\"number\">$115.60</td>")
                .contains("<td>9SIQT8TOJO</td><td class=\"number\">1</td><td class=\"number\">$3,599.00</td>"
                        + "<td class=\"number\">$3,599.00</td>")
                // 8.90 + 2 x 57.799999999 + 3599 = 3723.499999998
                .contains("Total with shipping</th><th class=\"number\">$3,723.50</th>")
                .doesNotContain("799999999")
                .doesNotContain("900000000")
                .doesNotContain("street_address");
    }

    @Test
    void render_camelCaseOrder_isTheSameMail() throws Exception {
        assertThat(render(Orders.CAMEL_CASE_ORDER)).isEqualTo(render(Orders.SNAKE_CASE_ORDER));
    }

    @Test
    void render_orderWithoutItems_rendersZeroShippingAndSaysSo() throws Exception {
        String html = render(Orders.EMPTY_CART_ORDER);
        assertThat(html)
                .contains("Shipping cost: €0.00")
                .contains("This order has no items.")
                .contains("Berlin, 10117")
                .contains("Germany")
                .doesNotContain("<table>");
    }

    @Test
    void render_orderWithoutAddress_saysNoAddressWasGiven() throws Exception {
        String html = render("{\"order_id\":\"x\",\"shipping_cost\":{\"currency_code\":\"USD\"}}");
        assertThat(html).contains("No shipping address was given.").contains("$0.00");
    }

    @Test
    void render_itemsInAnotherCurrencyThanShipping_showNoTotal() throws Exception {
        String html = render("""
                {"order_id":"1","shipping_cost":{"currency_code":"USD","units":8,"nanos":900000000},
                 "shipping_address":{"city":"Paris","country":"France"},
                 "items":[{"item":{"product_id":"A","quantity":1},"cost":{"currency_code":"EUR","units":50}}]}""");
        assertThat(html)
                .contains("€50.00")
                .doesNotContain("Total with shipping")
                .contains("Paris<br>")
                .doesNotContain("<br>\n    <br>")
                .doesNotContain("    <br>\n");
    }

    @Test
    void render_escapesHtmlInEveryValue() throws Exception {
        String html = render("""
                {"order_id":"<b>1</b>","shipping_tracking_id":"\\"><script>x</script>",
                 "shipping_address":{"city":"A & B"},
                 "items":[{"item":{"product_id":"<img src=x>","quantity":1},"cost":{"currency_code":"USD","units":1}}]}""");
        assertThat(html)
                .doesNotContain("<b>1</b>")
                .doesNotContain("<script>")
                .doesNotContain("<img")
                .contains("&lt;b&gt;1&lt;/b&gt;")
                .contains("A &amp; B");
    }

    @Test
    void send_logsTheRecipientButNeverTheMail(CapturedOutput output) throws Exception {
        confirmations.send(reader.read(
                body(Orders.confirmation("someone@example.com", Orders.SNAKE_CASE_ORDER)),
                EmailController.MAX_BODY_BYTES));
        assertThat(output.getOut())
                .contains("order confirmation for order 5b0f8f1e-6d5c-11ed-9a3c-0242ac120007 "
                        + "would be sent to someone@example.com")
                .doesNotContain("<html")
                .doesNotContain("LS4PSXUNUM");
    }

    @Test
    void send_withMemoryLeakOff_keepsNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            send("someone@example.com", Orders.SNAKE_CASE_ORDER);
        }
        assertThat(confirmations.leakedCopies()).isZero();
    }

    @Test
    void send_withMemoryLeakOn_keepsAThousandCopiesOfEveryMail() throws Exception {
        flagService.set(OrderConfirmations.MEMORY_LEAK_FLAG, 1);
        send("someone@example.com", Orders.SNAKE_CASE_ORDER);
        assertThat(confirmations.leakedCopies()).isEqualTo(1_000);
        send("someone@example.com", Orders.EMPTY_CART_ORDER);
        assertThat(confirmations.leakedCopies()).isEqualTo(2_000);

        flagService.set(OrderConfirmations.MEMORY_LEAK_FLAG, 0);
        send("someone@example.com", Orders.SNAKE_CASE_ORDER);
        assertThat(confirmations.leakedCopies())
                .as("kept forever, but no more added")
                .isEqualTo(2_000);
    }

    @Test
    void send_withFlagServiceGone_keepsNothing() throws Exception {
        flagService.set(OrderConfirmations.MEMORY_LEAK_FLAG, 1);
        flagService.close();
        send("someone@example.com", Orders.SNAKE_CASE_ORDER);
        assertThat(confirmations.leakedCopies()).isZero();
    }

    @Test
    void send_invalidRequest_isRefusedBeforeTheLeak() {
        flagService.set(OrderConfirmations.MEMORY_LEAK_FLAG, 1);
        assertThatThrownBy(() -> send("", Orders.SNAKE_CASE_ORDER)).isInstanceOf(BadRequestException.class);
        assertThat(confirmations.leakedCopies()).isZero();
    }

    private void send(String email, String order) throws Exception {
        confirmations.send(reader.read(body(Orders.confirmation(email, order)), EmailController.MAX_BODY_BYTES));
    }

    private String render(String order) throws Exception {
        return mail.render(
                reader.read(body(Orders.confirmation("a@example.com", order)), EmailController.MAX_BODY_BYTES)
                        .order());
    }

    private static java.io.InputStream body(String json) {
        return new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
