package boutique.email;

import static boutique.kit.testing.TestTelemetry.CALLER_SPAN_ID;
import static boutique.kit.testing.TestTelemetry.CALLER_TRACEPARENT;
import static boutique.kit.testing.TestTelemetry.CALLER_TRACE_ID;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import boutique.kit.testing.InMemoryTelemetry;
import boutique.kit.testing.LocalHttp;
import boutique.kit.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The email service's HTTP server span, as Jaeger shows it: {@code POST /send_order_confirmation} with its status
 * code, in the caller's trace, naming the order and the recipient.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(InMemoryTelemetry.class)
class EmailTelemetryTests {

    private static final String ORDER_ID = "5b0f8f1e-6d5c-11ed-9a3c-0242ac120007";

    @LocalServerPort
    int port;

    @Autowired
    TestTelemetry telemetry;

    private LocalHttp http;

    @BeforeEach
    void forgetEarlierSpans() {
        telemetry.reset();
        http = new LocalHttp(port, Duration.ofSeconds(5));
    }

    /** {@code body} posted as JSON by a caller whose span is {@code CALLER_SPAN_ID}; the status code. */
    private int post(String path, String body) throws Exception {
        return http.post(path, body, "application/json", "traceparent", CALLER_TRACEPARENT)
                .statusCode();
    }

    @Test
    void sendOrderConfirmation_isAServerSpanInTheCallersTrace_withStatusOrderAndRecipient() throws Exception {
        assertThat(post(
                        "/send_order_confirmation",
                        Orders.confirmation("someone@example.com", Orders.SNAKE_CASE_ORDER)))
                .isEqualTo(200);

        assertThat(serverSpan())
                .hasName("POST /send_order_confirmation")
                .hasTraceId(CALLER_TRACE_ID)
                .hasParentSpanId(CALLER_SPAN_ID)
                .hasStatus(StatusData.unset())
                .hasAttribute(AttributeKey.stringKey("http.request.method"), "POST")
                .hasAttribute(AttributeKey.stringKey("http.route"), "/send_order_confirmation")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
                .hasAttribute(OrderConfirmations.ORDER_ID, ORDER_ID)
                .hasAttribute(OrderConfirmations.RECIPIENT, "someone@example.com");
    }

    @Test
    void sendOrderConfirmation_badRecipient_is400_withTheOrderButNoRecipient() throws Exception {
        assertThat(post("/send_order_confirmation", Orders.confirmation("nobody", Orders.SNAKE_CASE_ORDER)))
                .isEqualTo(400);

        assertThat(serverSpan())
                .hasName("POST /send_order_confirmation")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 400L)
                .hasAttribute(OrderConfirmations.ORDER_ID, ORDER_ID)
                .hasAttributesSatisfying(attributes ->
                        assertThat(attributes.get(OrderConfirmations.RECIPIENT)).isNull());
    }

    @Test
    void healthChecks_makeNoSpans() throws Exception {
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
        post("/send_order_confirmation", Orders.confirmation("someone@example.com", Orders.SNAKE_CASE_ORDER));

        assertThat(serverSpan()).hasName("POST /send_order_confirmation");
        assertThat(telemetry.spans()).hasSize(1);
    }

    /** The one server span, once it has ended (it may end just after the answer has reached the client). */
    private SpanData serverSpan() {
        List<SpanData> finished = telemetry.awaitSpans();
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0)).hasKind(SpanKind.SERVER);
        return finished.get(0);
    }
}
