package boutique.payment;

import boutique.kit.FeatureFlags;
import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.ChargeRequest;
import hipstershop.ChargeResponse;
import hipstershop.CreditCardInfo;
import hipstershop.PaymentServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.PaymentService} rpc: checks the card with the {@link CardValidator} and answers a new
 * transaction id. Nothing is really charged, and no card number is logged (its last four characters at most).
 *
 * <p>The charge itself is a span {@code charge}, a child of the server span, with the amount, the card's type and
 * validity, and {@code app.payment.charged}: false for a synthetic request (the baggage carries
 * {@code synthetic_request=true}, as the load generator's do), which is answered with a transaction id all the
 * same but is not a sale. A charge that fails (a refused card, the {@code paymentServiceFailure} scenario) is an
 * error span with its exception.
 */
@Service
class PaymentGrpcService extends PaymentServiceGrpc.PaymentServiceImplBase {

    static final String FAILURE_FLAG = "paymentServiceFailure";
    /** ISO 4217 codes have three letters; the currency is otherwise not checked, as in the reference. */
    static final int MAX_CURRENCY_CODE_LENGTH = 3;

    static final AttributeKey<Double> AMOUNT = AttributeKey.doubleKey("app.payment.amount");
    static final AttributeKey<String> CARD_TYPE = AttributeKey.stringKey("app.payment.card_type");
    static final AttributeKey<Boolean> CARD_VALID = AttributeKey.booleanKey("app.payment.card_valid");
    static final AttributeKey<Boolean> CHARGED = AttributeKey.booleanKey("app.payment.charged");
    /** The baggage entry the load generator sets on its requests. */
    static final String SYNTHETIC = "synthetic_request";

    private static final Logger log = LoggerFactory.getLogger(PaymentGrpcService.class);

    private final CardValidator validator;
    private final FeatureFlags flags;
    private final Tracer tracer;

    PaymentGrpcService(CardValidator validator, FeatureFlags flags, OpenTelemetry openTelemetry) {
        this.validator = validator;
        this.flags = flags;
        this.tracer = openTelemetry.getTracer("paymentservice");
    }

    @Override
    public void charge(ChargeRequest request, StreamObserver<ChargeResponse> responseObserver) {
        Money amount = amountOf(request);
        if (!request.hasCreditCard()) {
            throw ShopException.invalidArgument("credit card is required");
        }
        Span span = tracer.spanBuilder("charge").startSpan();
        String transactionId;
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute(AMOUNT, amount.units() + amount.nanos() / 1e9);
            transactionId = charge(request.getCreditCard(), amount, span);
        } catch (ShopException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
        responseObserver.onNext(
                ChargeResponse.newBuilder().setTransactionId(transactionId).build());
        responseObserver.onCompleted();
    }

    /** Checks the card and answers a transaction id; what it finds goes on {@code span}. */
    private String charge(CreditCardInfo card, Money amount, Span span) {
        if (flags.isOn(FAILURE_FLAG)) {
            throw new ShopException(Status.Code.INTERNAL, "Payment request failed. Invalid token.");
        }
        CardValidator.Details details = validator.inspect(card);
        if (details.type() != null) {
            span.setAttribute(CARD_TYPE, details.type());
        }
        span.setAttribute(CARD_VALID, details.valid());
        String cardEnding = CardValidator.lastFour(card.getCreditCardNumber());
        String cardType;
        try {
            cardType = validator.check(card, details);
        } catch (ShopException refused) {
            log.info("Charge refused card_ending={} amount={}: {}", cardEnding, amount, refused.getMessage());
            throw refused;
        }
        boolean charged = !Boolean.parseBoolean(Baggage.current().getEntryValue(SYNTHETIC));
        span.setAttribute(CHARGED, charged);
        String transactionId = UUID.randomUUID().toString();
        log.info(
                "Charge transaction_id={} card_type={} card_ending={} amount={} charged={}",
                transactionId,
                cardType,
                cardEnding,
                amount,
                charged);
        return transactionId;
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
