package boutique.currency;

import boutique.kit.Money;
import boutique.kit.ShopException;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.GetSupportedCurrenciesResponse;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.CurrencyService} rpcs over the {@link Rates}. */
@Service
class CurrencyGrpcService extends CurrencyServiceGrpc.CurrencyServiceImplBase {

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
        responseObserver.onNext(converted.toProto());
        responseObserver.onCompleted();
    }
}
