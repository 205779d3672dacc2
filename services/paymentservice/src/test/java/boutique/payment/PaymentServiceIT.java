package boutique.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.ServiceProcess;
import hipstershop.ChargeRequest;
import hipstershop.CreditCardInfo;
import hipstershop.Money;
import hipstershop.PaymentServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The payment service as a real process, started as the launcher starts it and called over TCP. */
class PaymentServiceIT {

    @Test
    void charge_overTcp_acceptsVisaRefusesAmex_andLogsNoCardNumber() throws Exception {
        try (ServiceProcess payment = ServiceProcess.startGrpc(
                "paymentservice", "PAYMENT_SERVICE_PORT", Map.of("FEATURE_FLAG_GRPC_SERVICE_ADDR", ""))) {
            PaymentServiceGrpc.PaymentServiceBlockingStub stub =
                    PaymentServiceGrpc.newBlockingStub(payment.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
            CreditCardInfo visa = CreditCardInfo.newBuilder()
                    .setCreditCardNumber("4111-1111-1111-1111")
                    .setCreditCardCvv(123)
                    .setCreditCardExpirationMonth(12)
                    .setCreditCardExpirationYear(2035)
                    .build();
            Money amount = Money.newBuilder()
                    .setCurrencyCode("EUR")
                    .setUnits(50)
                    .setNanos(490_933_215)
                    .build();
            String id = stub.charge(ChargeRequest.newBuilder()
                            .setAmount(amount)
                            .setCreditCard(visa)
                            .build())
                    .getTransactionId();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

            CreditCardInfo amex =
                    visa.toBuilder().setCreditCardNumber("378282246310005").build();
            assertThatThrownBy(() -> stub.charge(ChargeRequest.newBuilder()
                            .setAmount(amount)
                            .setCreditCard(amex)
                            .build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo(
                                        "Sorry, we cannot process amex credit cards. Only VISA or MasterCard is accepted.");
                    });
        }
        String log = Files.readString(Path.of("target", "it-logs", "paymentservice.log"));
        assertThat(log)
                .contains("card_ending=1111", "card_ending=0005")
                .doesNotContain("4111-1111-1111-1111", "378282246310005", "4111-1111");
    }
}
