package boutique.frontend.backend;

import boutique.frontend.FrontendProperties;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CheckoutServiceGrpc.CheckoutServiceStub;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.PlaceOrderResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Calls {@code hipstershop.CheckoutService} at {@code CHECKOUT_SERVICE_ADDR}, with the checkout deadline
 * ({@code shop.frontend.checkout-deadline}, 20 s) instead of the channels' 3 s: placing an order calls six
 * services in turn, and the {@code intlShippingSlowdown} scenario alone adds two 5 s pauses to it.
 */
@Component
public class CheckoutClient {

    private final CheckoutServiceStub stub;
    private final long deadlineMillis;

    CheckoutClient(ChannelOpener channels, BackendAddresses addresses, FrontendProperties properties) {
        this.stub = CheckoutServiceGrpc.newStub(channels.open("CHECKOUT_SERVICE_ADDR", addresses.checkout()));
        this.deadlineMillis = properties.checkoutDeadline().toMillis();
    }

    public CompletableFuture<OrderResult> placeOrder(PlaceOrderRequest request) {
        return Reply.<PlaceOrderResponse>of(o -> stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .placeOrder(request, o))
                .thenApply(PlaceOrderResponse::getOrder);
    }
}
