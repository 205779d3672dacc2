package boutique.payment;

import boutique.kit.FeatureFlags;
import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.ChargeRequest;
import hipstershop.ChargeResponse;
import hipstershop.PaymentServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.PaymentService} rpc: checks the card with the {@link CardValidator} and answers a new
 * transaction id. Nothing is really charged, and no card number is logged (its last four characters at most).
 */
@Service
class PaymentGrpcService extends PaymentServiceGrpc.PaymentServiceImplBase {

    static final String FAILURE_FLAG = "paymentServiceFailure";
    /** ISO 4217 codes have three letters; the currency is otherwise not checked, as in the reference. */
    static final int MAX_CURRENCY_CODE_LENGTH = 3;

    private static final Logger log = LoggerFactory.getLogger(PaymentGrpcService.class);

    private final CardValidator validator;
    private final FeatureFlags flags;

    PaymentGrpcService(CardValidator validator, FeatureFlags flags) {
        this.validator = validator;
        this.flags = flags;
    }

    @Override
    public void charge(ChargeRequest request, StreamObserver<ChargeResponse> responseObserver) {
        Money amount = amountOf(request);
        if (!request.hasCreditCard()) {
            throw ShopException.invalidArgument("credit card is required");
        }
        if (flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.INTERNAL, "Payment request failed. Invalid token.");
        }
        String cardEnding = CardValidator.lastFour(request.getCreditCard().getCreditCardNumber());
        String cardType;
        try {
            cardType = validator.check(request.getCreditCard());
        } catch (ShopException refused) {
            log.info("Charge refused card_ending={} amount={}: {}", cardEnding, amount, refused.getMessage());
            throw refused;
        }
        String transactionId = UUID.randomUUID().toString();
        log.info(
                "Charge transaction_id={} card_type={} card_ending={} amount={}",
                transactionId,
                cardType,
                cardEnding,
                amount);
        responseObserver.onNext(
                ChargeResponse.newBuilder().setTransactionId(transactionId).build());
        responseObserver.onCompleted();
    }

    private static Money amountOf(ChargeRequest request) {
        if (!request.hasAmount()) {
            throw ShopException.invalidArgument("amount is required");
        }
        if (request.getAmount().getCurrencyCode().length() > MAX_CURRENCY_CODE_LENGTH) {
            throw ShopException.invalidArgument(
                    "invalid money: currency code must be at most " + MAX_CURRENCY_CODE_LENGTH + " characters");
        }
        Money amount = Money.fromProto(request.getAmount());
        // Valid Money has units and nanos of one sign, so either being negative makes the amount negative. Zero is
        // a charge: checkout charges it for an empty cart, as the reference does.
        if (amount.units() < 0 || amount.nanos() < 0) {
            throw ShopException.invalidArgument("amount must not be negative");
        }
        return amount;
    }
}
