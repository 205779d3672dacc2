package boutique.currency;

import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.GetSupportedCurrenciesResponse;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.CurrencyService} rpcs over the {@link Rates}; a conversion's currencies go on its server
 * span as {@code app.currency.conversion.from} and {@code .to}.
 */
@Service
class CurrencyGrpcService extends CurrencyServiceGrpc.CurrencyServiceImplBase {

    static final AttributeKey<String> CONVERSION_FROM = AttributeKey.stringKey("app.currency.conversion.from");
    static final AttributeKey<String> CONVERSION_TO = AttributeKey.stringKey("app.currency.conversion.to");

    private final Rates rates;

    CurrencyGrpcService(Rates rates) {
        this.rates = rates;
    }

    @Override
    public void getSupportedCurrencies(Empty request, StreamObserver<GetSupportedCurrenciesResponse> responseObserver) {
        responseObserver.onNext(GetSupportedCurrenciesResponse.newBuilder()
                .addAllCurrencyCodes(rates.supportedCodes())
                .build());
        responseObserver.onCompleted();
    }

    @Override
    public void convert(CurrencyConversionRequest request, StreamObserver<hipstershop.Money> responseObserver) {
        if (!request.hasFrom()) {
            throw ShopException.invalidArgument("invalid money: from is missing");
        }
        Money converted = rates.convert(Money.fromProto(request.getFrom()), request.getToCode());
        // Set once both codes are known to be supported: a client's arbitrary string never lands on a span.
        Span span = Span.current();
        span.setAttribute(CONVERSION_FROM, request.getFrom().getCurrencyCode());
        span.setAttribute(CONVERSION_TO, request.getToCode());
        responseObserver.onNext(converted.toProto());
        responseObserver.onCompleted();
    }
}
