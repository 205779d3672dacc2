package boutique.frontend;

import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.CurrencyServiceGrpc.CurrencyServiceStub;
import hipstershop.Empty;
import hipstershop.GetSupportedCurrenciesResponse;
import hipstershop.Money;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.CurrencyService} at {@code CURRENCY_SERVICE_ADDR}. */
@Component
class CurrencyClient {

    private final CurrencyServiceStub stub;

    CurrencyClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = CurrencyServiceGrpc.newStub(channels.open("CURRENCY_SERVICE_ADDR", addresses.currency()));
    }

    CompletableFuture<List<String>> getSupportedCurrencies() {
        return Reply.<GetSupportedCurrenciesResponse>of(o -> stub.getSupportedCurrencies(Empty.getDefaultInstance(), o))
                .thenApply(GetSupportedCurrenciesResponse::getCurrencyCodesList);
    }

    CompletableFuture<Money> convert(Money from, String toCode) {
        CurrencyConversionRequest request = CurrencyConversionRequest.newBuilder()
                .setFrom(from)
                .setToCode(toCode)
                .build();
        return Reply.of(o -> stub.convert(request, o));
    }
}
