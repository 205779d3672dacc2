package boutique.frontend;

import hipstershop.CheckoutServiceGrpc;
import hipstershop.CheckoutServiceGrpc.CheckoutServiceStub;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.PlaceOrderResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Calls {@code hipstershop.CheckoutService} at {@code CHECKOUT_SERVICE_ADDR}, with the longer checkout deadline. */
@Component
class CheckoutClient {

    private final CheckoutServiceStub stub;
    private final long deadlineMillis;

    CheckoutClient(ChannelOpener channels, BackendAddresses addresses, FrontendProperties properties) {
        this.stub = CheckoutServiceGrpc.newStub(channels.open("CHECKOUT_SERVICE_ADDR", addresses.checkout()));
        this.deadlineMillis = properties.checkoutDeadline().toMillis();
    }

    CompletableFuture<OrderResult> placeOrder(PlaceOrderRequest request) {
        return Reply.<PlaceOrderResponse>of(o -> stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .placeOrder(request, o))
                .thenApply(PlaceOrderResponse::getOrder);
    }
}
