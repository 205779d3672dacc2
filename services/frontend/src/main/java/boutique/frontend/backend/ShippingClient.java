package boutique.frontend.backend;

import hipstershop.CartItem;
import hipstershop.GetQuoteRequest;
import hipstershop.GetQuoteResponse;
import hipstershop.Money;
import hipstershop.ShippingServiceGrpc;
import hipstershop.ShippingServiceGrpc.ShippingServiceStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.ShippingService} at {@code SHIPPING_SERVICE_ADDR}. */
@Component
public class ShippingClient {

    private final ShippingServiceStub stub;

    ShippingClient(ChannelOpener channels, BackendAddresses addresses) {
        this.stub = ShippingServiceGrpc.newStub(channels.open("SHIPPING_SERVICE_ADDR", addresses.shipping()));
    }

    /**
     * The cost in USD of shipping these items; the address is left unset, as the reference does. The caller
     * gives the deadline, as the quote is an optional part of the cart page.
     */
    public CompletableFuture<Money> getQuote(List<CartItem> items, Duration deadline) {
        GetQuoteRequest request =
                GetQuoteRequest.newBuilder().addAllItems(items).build();
        return Reply.<GetQuoteResponse>of(o -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .getQuote(request, o))
                .thenApply(GetQuoteResponse::getCostUsd);
    }
}
