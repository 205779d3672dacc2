package boutique.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import hipstershop.ChargeRequest;
import hipstershop.CreditCardInfo;
import hipstershop.Money;
import hipstershop.PaymentServiceGrpc;
import hipstershop.PaymentServiceGrpc.PaymentServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class PaymentGrpcServiceTests {

    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
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

    private FakeFlagService flagService;
    private InProcessGrpc grpc;
    private PaymentServiceBlockingStub payment;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set("paymentServiceFailure", 0);
        grpc = InProcessGrpc.serve(
                new PaymentGrpcService(new CardValidator(), flagService.client(), OpenTelemetry.noop()));
        payment = PaymentServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
    }

    private String charge(Money amount, CreditCardInfo card) {
        return payment.charge(ChargeRequest.newBuilder()
                        .setAmount(amount)
                        .setCreditCard(card)
                        .build())
                .getTransactionId();
    }

    @Test
    void charge_validVisa_returnsAFreshVersion4Uuid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String id = charge(AMOUNT, VISA);
            assertThat(id).matches(UUID_V4);
            ids.add(id);
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void charge_cardExpiringThisMonthInUtc_isAccepted() {
        YearMonth now = YearMonth.now(Clock.systemUTC());
        CreditCardInfo card = VISA.toBuilder()
                .setCreditCardExpirationMonth(now.getMonthValue())
                .setCreditCardExpirationYear(now.getYear())
                .build();
        assertThat(charge(AMOUNT, card)).matches(UUID_V4);
    }

    @Test
    void charge_zeroAmount_isCharged() {
        // What checkout charges for an empty cart.
        assertThat(charge(Money.newBuilder().setCurrencyCode("CAD").build(), VISA))
                .matches(UUID_V4);
        assertThat(charge(Money.getDefaultInstance(), VISA)).matches(UUID_V4);
    }

    @ParameterizedTest(name = "{0} units {1} nanos")
    @CsvSource({"-5, 0", "0, -1", "-1, -500000000", "-9223372036854775808, -999999999"})
    void charge_negativeAmount_isInvalidArgument(long units, int nanos) {
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(Money.newBuilder()
                                .setCurrencyCode("JPY")
                                .setUnits(units)
                                .setNanos(nanos))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "amount must not be negative");
    }

    @Test
    void charge_negativeAmountWithAnInvalidCard_namesTheAmountFirst() {
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA.toBuilder().setCreditCardNumber("4111 1111 1111 1112"))
                        .setAmount(AMOUNT.toBuilder().setUnits(-101).setNanos(-960_000_000))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "amount must not be negative");
    }

    @Test
    void charge_largestAmount_isCharged() {
        assertThat(charge(
                        AMOUNT.toBuilder()
                                .setUnits(Long.MAX_VALUE)
                                .setNanos(999_999_999)
                                .build(),
                        VISA))
                .matches(UUID_V4);
    }

    @Test
    void charge_refusedCard_isInvalidArgumentWithTheReferenceMessage() {
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(VISA.toBuilder().setCreditCardNumber("4111 1111 1111 1112"))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "Credit card info is invalid.");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(VISA.toBuilder().setCreditCardNumber("6011 1111 1111 1117"))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "Sorry, we cannot process discover credit cards. Only VISA or MasterCard is accepted.");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(
                                VISA.toBuilder().setCreditCardExpirationMonth(6).setCreditCardExpirationYear(2024))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "The credit card (ending 1111) expired on 6/2024.");
    }

    @Test
    void charge_missingFields_areInvalidArgument() {
        assertRefused(
                ChargeRequest.newBuilder().setCreditCard(VISA).build(),
                Status.Code.INVALID_ARGUMENT,
                "amount is required");
        assertRefused(
                ChargeRequest.newBuilder().setAmount(AMOUNT).build(),
                Status.Code.INVALID_ARGUMENT,
                "credit card is required");
        assertRefused(ChargeRequest.getDefaultInstance(), Status.Code.INVALID_ARGUMENT, "amount is required");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(CreditCardInfo.getDefaultInstance())
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "Credit card info is invalid.");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(VISA.toBuilder()
                                .clearCreditCardExpirationMonth()
                                .clearCreditCardExpirationYear())
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "Credit card info is invalid.");
    }

    @Test
    void charge_invalidMoney_isInvalidArgumentBeforeItsSign() {
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(AMOUNT.toBuilder().setNanos(1_000_000_000))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "invalid money: nanos 1000000000 outside -999999999..999999999");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(AMOUNT.toBuilder().setUnits(5).setNanos(-1))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "invalid money: units 5 and nanos -1 have opposite signs");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(AMOUNT.toBuilder().setUnits(-5).setNanos(1))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "invalid money: units -5 and nanos 1 have opposite signs");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(AMOUNT.toBuilder().setUnits(-5).setNanos(-1_000_000_000))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "invalid money: nanos -1000000000 outside -999999999..999999999");
    }

    @Test
    void charge_hugeStrings_areInvalidArgument() {
        String huge = "4".repeat(1_000_000);
        assertRefused(
                ChargeRequest.newBuilder()
                        .setAmount(AMOUNT)
                        .setCreditCard(VISA.toBuilder().setCreditCardNumber(huge))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "Credit card info is invalid.");
        assertRefused(
                ChargeRequest.newBuilder()
                        .setCreditCard(VISA)
                        .setAmount(AMOUNT.toBuilder().setCurrencyCode(huge))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "invalid money: currency code must be at most 3 characters");
    }

    @Test
    void charge_failureFlagOn_isInternalInvalidToken_andOffAgainCharges() {
        flagService.set("paymentServiceFailure", 1);
        assertRefused(
                ChargeRequest.newBuilder().setAmount(AMOUNT).setCreditCard(VISA).build(),
                Status.Code.INTERNAL,
                "Payment request failed. Invalid token.");
        flagService.set("paymentServiceFailure", 0);
        assertThat(charge(AMOUNT, VISA)).matches(UUID_V4);
    }

    @Test
    void charge_flagServiceGone_chargesNormally() throws InterruptedException {
        flagService.set("paymentServiceFailure", 1);
        flagService.close();
        assertThat(charge(AMOUNT, VISA)).matches(UUID_V4);
    }

    @Test
    void charge_neverLogsTheCardNumber(CapturedOutput output) {
        charge(AMOUNT, VISA.toBuilder().setCreditCardNumber("5555555555554444").build());
        assertThatThrownBy(() -> charge(
                AMOUNT, VISA.toBuilder().setCreditCardNumber("4111111111111112").build()));
        assertThatThrownBy(() -> charge(
                AMOUNT,
                VISA.toBuilder()
                        .setCreditCardNumber("4111111111111111")
                        .setCreditCardExpirationYear(2020)
                        .build()));
        assertThat(output.getAll())
                .contains("card_ending=4444", "card_ending=1112", "card_ending=1111")
                .doesNotContain("5555555555554444", "4111111111111112", "4111111111111111", "55555555", "41111111");
    }

    private void assertRefused(ChargeRequest request, Status.Code code, String message) {
        assertThatThrownBy(() -> payment.charge(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }
}
