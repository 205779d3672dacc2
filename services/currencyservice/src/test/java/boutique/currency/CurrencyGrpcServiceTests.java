package boutique.currency;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.CurrencyServiceGrpc.CurrencyServiceBlockingStub;
import hipstershop.Empty;
import hipstershop.Money;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurrencyGrpcServiceTests {

    private TestTelemetry telemetry;
    private InProcessGrpc grpc;
    private CurrencyServiceBlockingStub currency;

    @BeforeEach
    void start() {
        telemetry = new TestTelemetry();
        grpc = telemetry.serve(new CurrencyGrpcService(new Rates()));
        currency = CurrencyServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        telemetry.close();
    }

    private static Money money(String code, long units, int nanos) {
        return Money.newBuilder()
                .setCurrencyCode(code)
                .setUnits(units)
                .setNanos(nanos)
                .build();
    }

    private Money convert(Money from, String to) {
        return currency.convert(CurrencyConversionRequest.newBuilder()
                .setFrom(from)
                .setToCode(to)
                .build());
    }

    @Test
    void getSupportedCurrencies_returnsThe33CodesOnce() {
        var codes = currency.getSupportedCurrencies(Empty.getDefaultInstance()).getCurrencyCodesList();
        assertThat(codes)
                .hasSize(33)
                .doesNotHaveDuplicates()
                .contains("EUR", "USD", "JPY", "GBP", "CAD", "CHF", "KRW", "IDR", "ZAR", "MYR");
    }

    @ParameterizedTest(name = "{0}/{1} {2} -> {3} = {4}/{5}")
    @CsvSource({
        // computed exactly from the rates' decimal literals, rounded once (half-even) to the nano, where the
        // reference truncates and misreads nanos with fewer than 9 significant digits
        "57, 80000000, USD, EUR, 50, 490933215",
        "101, 960000000, USD, EUR, 90, 190181336",
        "330, 750000000, USD, CAD, 442, 599380805",
        "1, 0, EUR, KRW, 1275, 50000000",
        // the reference's own results, where it was already exact
        "100, 0, EUR, USD, 113, 50000000",
        "100, 0, EUR, JPY, 12640, 0",
        "1, 0, EUR, EUR, 1, 0",
        "0, 0, USD, EUR, 0, 0",
        // the same currency returns the amount unchanged
        "101, 960000000, USD, USD, 101, 960000000",
        "57, 80000000, USD, USD, 57, 80000000",
        "1, 5, USD, USD, 1, 5",
        // negative amounts keep their sign in both parts
        "-5, -500000000, USD, EUR, -4, -865103936",
    })
    void convert_isExactToTheNano(long units, int nanos, String from, String to, long toUnits, int toNanos) {
        assertThat(convert(money(from, units, nanos), to)).isEqualTo(money(to, toUnits, toNanos));
    }

    @Test
    void convert_roundsHalfEvenOnce() {
        // 1 USD in EUR is 0.88456435205660...: the tenth decimal rounds the ninth up.
        assertThat(convert(money("USD", 1, 0), "EUR")).isEqualTo(money("EUR", 0, 884564352));
    }

    @ParameterizedTest(name = "unknown code {1} -> {2}")
    @CsvSource(
            value = {"USD, XYZ, XYZ", "ABC, USD, ABC", "'', USD, ''", "USD, '', ''", "usd, EUR, usd"},
            emptyValue = "")
    void convert_unknownCode_isInvalidArgumentNamingIt(String from, String to, String named) {
        assertThatThrownBy(() -> convert(money(from, 10, 0), to))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("unsupported currency code: " + named);
                });
        assertThat(currency.getSupportedCurrencies(Empty.getDefaultInstance()).getCurrencyCodesCount())
                .isEqualTo(33);
    }

    @ParameterizedTest(name = "{0}/{1} is invalid money")
    @CsvSource({"0, 1000000000", "1, -1", "-1, 5", "0, -1000000000"})
    void convert_invalidMoney_isInvalidArgument(long units, int nanos) {
        assertThatThrownBy(() -> convert(money("USD", units, nanos), "EUR"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("invalid money: ");
                });
    }

    @Test
    void convert_missingAmount_isInvalidArgument() {
        assertThatThrownBy(() -> currency.convert(
                        CurrencyConversionRequest.newBuilder().setToCode("EUR").build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void convert_resultTooLargeForMoney_isInvalidArgumentNotAnOverflow() {
        assertThatThrownBy(() -> convert(money("USD", Long.MAX_VALUE / 2, 0), "IDR"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("out of range");
                });
    }

    @Test
    void convert_megabyteCurrencyCode_isInvalidArgument() {
        assertThatThrownBy(() -> convert(money("USD", 1, 0), "X".repeat(1_000_000)))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void convert_putsBothCurrenciesOnTheServerSpan() {
        convert(money("USD", 10, 0), "EUR");

        SpanData server = telemetry.span("hipstershop.CurrencyService/Convert");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.currency.conversion.from"), "USD")
                .containsEntry(stringKey("app.currency.conversion.to"), "EUR");
    }

    @Test
    void convert_unknownCode_leavesTheClientsStringOffTheSpan() {
        assertThatThrownBy(() -> convert(money("USD", 1, 0), "X".repeat(1_000_000)))
                .isInstanceOf(StatusRuntimeException.class);

        SpanData server = telemetry.span("hipstershop.CurrencyService/Convert");
        assertThat(server.getAttributes().get(stringKey("app.currency.conversion.to")))
                .isNull();
        assertThat(server.getAttributes().get(longKey("rpc.grpc.status_code")))
                .isEqualTo((long) Status.Code.INVALID_ARGUMENT.value());
    }
}
