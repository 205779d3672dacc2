package boutique.payment;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.ChargeRequest;
import hipstershop.CreditCardInfo;
import hipstershop.Money;
import hipstershop.PaymentServiceGrpc;
import hipstershop.PaymentServiceGrpc.PaymentServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The charge as Jaeger shows it: a span {@code charge} under the server span, with what it found. */
class PaymentTelemetryTests {

    private static final String CHARGE = "hipstershop.PaymentService/Charge";
    private static final Money AMOUNT = Money.newBuilder()
            .setCurrencyCode("USD")
            .setUnits(101)
            .setNanos(960_000_000)
            .build();
    private static final CreditCardInfo VISA = CreditCardInfo.newBuilder()
            .setCreditCardNumber("4111 1111 1111 1111")
            .setCreditCardCvv(672)
            .setCreditCardExpirationMonth(12)
            .setCreditCardExpirationYear(2035)
            .build();

    private final TestTelemetry telemetry = new TestTelemetry();
    private FakeFlagService flagService;
    private InProcessGrpc grpc;
    private PaymentServiceBlockingStub payment;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set(PaymentGrpcService.FAILURE_FLAG, 0);
        grpc = InProcessGrpc.serve(
                telemetry.traced(new PaymentGrpcService(new CardValidator(), flagService.client(), telemetry.sdk())));
        payment = PaymentServiceGrpc.newBlockingStub(telemetry.traced(grpc.channel()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        telemetry.close();
    }

    private String charge(CreditCardInfo card) {
        return payment.charge(ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(card)
                        .build())
                .getTransactionId();
    }

    private SpanData chargeSpan() {
        SpanData charge = telemetry.span("charge", SpanKind.INTERNAL);
        assertThat(charge).hasParent(telemetry.server(CHARGE));
        return charge;
    }

    @Test
    void charge_isAChargeSpanUnderTheServerSpan_withTheAmountTheCardAndCharged() {
        charge(VISA);

        assertThat(chargeSpan())
                .hasAttribute(PaymentGrpcService.AMOUNT, 101.96)
                .hasAttribute(PaymentGrpcService.CARD_TYPE, "visa")
                .hasAttribute(PaymentGrpcService.CARD_VALID, true)
                .hasAttribute(PaymentGrpcService.CHARGED, true)
                .hasStatus(StatusData.unset());
    }

    @Test
    void charge_syntheticRequest_isAnsweredWithATransactionId_butNotCharged() {
        String transactionId;
        try (Scope ignored =
                Baggage.builder().put("synthetic_request", "true").build().makeCurrent()) {
            transactionId = charge(VISA);
        }

        assertThat(transactionId).isNotEmpty();
        assertThat(chargeSpan()).hasAttribute(PaymentGrpcService.CHARGED, false).hasStatus(StatusData.unset());
    }

    @Test
    void charge_failureFlagOn_isAnErrorChargeSpanWithTheException_underAnErrorServerSpan() {
        flagService.set(PaymentGrpcService.FAILURE_FLAG, 1);

        assertThatThrownBy(() -> charge(VISA)).isInstanceOf(StatusRuntimeException.class);

        assertThat(chargeSpan())
                .hasStatus(StatusData.create(StatusCode.ERROR, "Payment request failed. Invalid token."))
                .hasEventsSatisfyingExactly(exception -> exception
                        .hasName("exception")
                        .hasAttributesSatisfying(attributes -> assertThat(attributes)
                                .containsEntry("exception.type", "boutique.kit.ShopException")
                                .containsEntry("exception.message", "Payment request failed. Invalid token.")));
        assertThat(telemetry.server(CHARGE)).hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR));
    }

    @Test
    void charge_numberNotValid_isAnErrorChargeSpan_sayingTheCardIsNotValid() {
        assertThatThrownBy(() -> charge(VISA.toBuilder()
                        .setCreditCardNumber("4111 1111 1111 1112")
                        .build()))
                .isInstanceOf(StatusRuntimeException.class);

        assertThat(chargeSpan())
                .hasAttribute(PaymentGrpcService.CARD_TYPE, "visa")
                .hasAttribute(PaymentGrpcService.CARD_VALID, false)
                .hasStatus(StatusData.create(StatusCode.ERROR, "Credit card info is invalid."))
                .hasAttributesSatisfying(attributes ->
                        assertThat(attributes.get(PaymentGrpcService.CHARGED)).isNull());
    }

    @Test
    void charge_validCardOfATypeNotAccepted_namesItsType() {
        assertThatThrownBy(() -> charge(VISA.toBuilder()
                        .setCreditCardNumber("6011 1111 1111 1117")
                        .build()))
                .isInstanceOf(StatusRuntimeException.class);

        assertThat(chargeSpan())
                .hasAttribute(PaymentGrpcService.CARD_TYPE, "discover")
                .hasAttribute(PaymentGrpcService.CARD_VALID, true)
                .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR));
    }

    @Test
    void charge_numberOfNoKnownType_hasNoCardType() {
        assertThatThrownBy(() ->
                        charge(VISA.toBuilder().setCreditCardNumber("1234").build()))
                .isInstanceOf(StatusRuntimeException.class);

        assertThat(chargeSpan())
                .hasAttribute(PaymentGrpcService.CARD_VALID, false)
                .hasAttributesSatisfying(
                        attributes -> assertThat(attributes.get(AttributeKey.stringKey("app.payment.card_type")))
                                .isNull());
    }
}
