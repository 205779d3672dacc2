package boutique.quote;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import boutique.kit.testing.TestTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The quote service's HTTP server span, as Jaeger shows it: {@code POST /getquote} with its status code, in the
 * caller's trace, with the number of items and the quote.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QuoteTelemetryTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** The service's OpenTelemetry, replaced by one that keeps its spans in memory. */
    @TestConfiguration
    static class InMemoryTelemetry {
        @Bean
        TestTelemetry testTelemetry() {
            return new TestTelemetry();
        }

        @Bean(destroyMethod = "") // closed with the TestTelemetry
        OpenTelemetry openTelemetry(TestTelemetry telemetry) {
            return telemetry.sdk();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestTelemetry telemetry;

    @BeforeEach
    void forgetEarlierSpans() {
        telemetry.reset();
    }

    private int post(String path, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
                                .POST(BodyPublishers.ofString(body))
                                .build(),
                        BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void getQuote_isAServerSpanInTheCallersTrace_withStatusItemsAndCost() throws Exception {
        assertThat(post("/getquote", "{\"numberOfItems\":3}")).isEqualTo(200);

        assertThat(serverSpan())
                .hasName("POST /getquote")
                .hasTraceId(TRACE_ID)
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
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                        .build(),
                                BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        post("/getquote", "{\"numberOfItems\":1}");

        assertThat(serverSpan()).hasName("POST /getquote");
        assertThat(telemetry.spans()).hasSize(1);
    }

    /** The one server span, once it has ended (it may end just after the answer has reached the client). */
    private SpanData serverSpan() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<SpanData> finished = telemetry.spans();
        while (finished.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            finished = telemetry.spans();
        }
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0)).hasKind(SpanKind.SERVER);
        return finished.get(0);
    }
}
