package boutique.checkout;

import hipstershop.CheckoutServiceGrpc;
import hipstershop.PlaceOrderRequest;
import hipstershop.PlaceOrderResponse;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.CheckoutService} rpc over {@link Checkout}. */
@Service
class CheckoutGrpcService extends CheckoutServiceGrpc.CheckoutServiceImplBase {

    private final Checkout checkout;

    CheckoutGrpcService(Checkout checkout) {
        this.checkout = checkout;
    }

    @Override
    public void placeOrder(PlaceOrderRequest request, StreamObserver<PlaceOrderResponse> responseObserver) {
        responseObserver.onNext(PlaceOrderResponse.newBuilder()
                .setOrder(checkout.placeOrder(request))
                .build());
        responseObserver.onCompleted();
    }
}
