package boutique.checkout;

import boutique.kit.Money;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.CurrencyServiceGrpc.CurrencyServiceBlockingStub;
import hipstershop.Empty;
import io.grpc.Channel;
import java.util.Set;

/** The currency service, as checkout uses it. The supported codes are fixed data, so they are fetched once. */
final class CurrencyClient {

    private final CurrencyServiceBlockingStub stub;
    private volatile Set<String> supported;

    CurrencyClient(Channel channel) {
        this.stub = CurrencyServiceGrpc.newBlockingStub(channel);
    }

    Set<String> supportedCurrencies() {
        Set<String> codes = supported;
        if (codes == null) {
            codes = Set.copyOf(
                    stub.getSupportedCurrencies(Empty.getDefaultInstance()).getCurrencyCodesList());
            supported = codes;
        }
        return codes;
    }

    Money convert(Money from, String toCode) {
        return Money.fromProto(stub.convert(CurrencyConversionRequest.newBuilder()
                .setFrom(from.toProto())
                .setToCode(toCode)
                .build()));
    }
}
