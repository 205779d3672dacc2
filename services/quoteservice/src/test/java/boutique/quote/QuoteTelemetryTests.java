package boutique.quote;

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
 * The quote service's HTTP server span, as Jaeger shows it: {@code POST /getquote} with its status code, in the
 * caller's trace, with the number of items and the quote.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(InMemoryTelemetry.class)
class QuoteTelemetryTests {

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
    void getQuote_isAServerSpanInTheCallersTrace_withStatusItemsAndCost() throws Exception {
        assertThat(post("/getquote", "{\"numberOfItems\":3}")).isEqualTo(200);

        assertThat(serverSpan())
                .hasName("POST /getquote")
                .hasTraceId(CALLER_TRACE_ID)
                .hasParentSpanId(CALLER_SPAN_ID)
                .hasStatus(StatusData.unset())
                .hasAttribute(AttributeKey.stringKey("http.request.method"), "POST")
                .hasAttribute(AttributeKey.stringKey("http.route"), "/getquote")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
                .hasAttribute(QuoteController.ITEMS_COUNT, 3L)
                .hasAttribute(QuoteController.COST_TOTAL, 8.9 * 3);
    }

    @Test
    void getQuote_badBody_is400_withoutAQuote() throws Exception {
        assertThat(post("/getquote", "{\"numberOfItems\":-1}")).isEqualTo(400);

        assertThat(serverSpan())
                .hasName("POST /getquote")
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 400L)
                .hasStatus(StatusData.unset())
                .hasAttributesSatisfying(attributes ->
                        assertThat(attributes.get(QuoteController.COST_TOTAL)).isNull());
    }

    @Test
    void healthChecks_makeNoSpans() throws Exception {
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
        post("/getquote", "{\"numberOfItems\":1}");

        assertThat(serverSpan()).hasName("POST /getquote");
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
