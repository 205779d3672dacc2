package boutique.checkout;

import boutique.kit.FeatureFlags;
import boutique.kit.Money;
import hipstershop.ChargeRequest;
import hipstershop.CreditCardInfo;
import hipstershop.PaymentServiceGrpc;
import hipstershop.PaymentServiceGrpc.PaymentServiceBlockingStub;
import io.grpc.Channel;

/**
 * The payment service, as checkout uses it. While the {@code paymentServiceUnreachable} flag fires, a charge
 * goes to an address where nothing listens instead, so it fails UNAVAILABLE as a real outage would.
 */
final class PaymentClient {

    static final String UNREACHABLE_FLAG = "paymentServiceUnreachable";

    private final PaymentServiceBlockingStub stub;
    private final PaymentServiceBlockingStub unreachable;
    private final FeatureFlags flags;

    PaymentClient(Channel channel, Channel nowhere, FeatureFlags flags) {
        this.stub = PaymentServiceGrpc.newBlockingStub(channel);
        this.unreachable = PaymentServiceGrpc.newBlockingStub(nowhere);
        this.flags = flags;
    }

    /** Charges the card; returns the transaction id. */
    String charge(Money amount, CreditCardInfo card) {
        ChargeRequest.Builder request = ChargeRequest.newBuilder().setAmount(amount.toProto());
        if (card != null) {
            request.setCreditCard(card);
        }
        PaymentServiceBlockingStub payment = flags.isOn(UNREACHABLE_FLAG) ? unreachable : stub;
        return payment.charge(request.build()).getTransactionId();
    }
}
