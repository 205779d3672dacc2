package boutique.frontend.backend;

import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.CurrencyServiceGrpc.CurrencyServiceStub;
import hipstershop.Empty;
import hipstershop.GetSupportedCurrenciesResponse;
import hipstershop.Money;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Calls {@code hipstershop.CurrencyService} at {@code CURRENCY_SERVICE_ADDR}. Its calls keep the channels'
 * default deadline (3 s): a conversion is arithmetic on a table in memory.
 */
@Component
public class CurrencyClient {

    private final CurrencyServiceStub stub;

    CurrencyClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = CurrencyServiceGrpc.newStub(channels.open("CURRENCY_SERVICE_ADDR", addresses.currency()));
    }

    public CompletableFuture<List<String>> getSupportedCurrencies() {
        return Reply.<GetSupportedCurrenciesResponse>of(o -> stub.getSupportedCurrencies(Empty.getDefaultInstance(), o))
                .thenApply(GetSupportedCurrenciesResponse::getCurrencyCodesList);
    }

    public CompletableFuture<Money> convert(Money from, String toCode) {
        CurrencyConversionRequest request = CurrencyConversionRequest.newBuilder()
                .setFrom(from)
                .setToCode(toCode)
                .build();
        return Reply.of(o -> stub.convert(request, o));
    }
}
