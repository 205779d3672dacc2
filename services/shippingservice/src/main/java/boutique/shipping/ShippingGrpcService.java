package boutique.shipping;

import boutique.kit.Money;
import hipstershop.GetQuoteRequest;
import hipstershop.GetQuoteResponse;
import hipstershop.ShipOrderRequest;
import hipstershop.ShipOrderResponse;
import hipstershop.ShippingServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The {@code hipstershop.ShippingService} rpcs over {@link Shipping}. */
@Service
class ShippingGrpcService extends ShippingServiceGrpc.ShippingServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(ShippingGrpcService.class);

    private final Shipping shipping;

    ShippingGrpcService(Shipping shipping) {
        this.shipping = shipping;
    }

    @Override
    public void getQuote(GetQuoteRequest request, StreamObserver<GetQuoteResponse> responseObserver) {
        Money cost = shipping.quote(request.getAddress(), request.getItemsList());
        log.debug("GetQuote items={} cost={}", request.getItemsCount(), cost);
        responseObserver.onNext(
                GetQuoteResponse.newBuilder().setCostUsd(cost.toProto()).build());
        responseObserver.onCompleted();
    }

    @Override
    public void shipOrder(ShipOrderRequest request, StreamObserver<ShipOrderResponse> responseObserver) {
        String trackingId = shipping.ship(request.getAddress(), request.getItemsList());
        log.debug("ShipOrder items={} tracking_id={}", request.getItemsCount(), trackingId);
        responseObserver.onNext(
                ShipOrderResponse.newBuilder().setTrackingId(trackingId).build());
        responseObserver.onCompleted();
    }
}
