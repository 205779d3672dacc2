package boutique.checkout;

import boutique.kit.Money;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.GetQuoteRequest;
import hipstershop.ShipOrderRequest;
import hipstershop.ShippingServiceGrpc;
import hipstershop.ShippingServiceGrpc.ShippingServiceBlockingStub;
import io.grpc.Channel;
import java.util.List;

/** The shipping service, as checkout uses it. */
final class ShippingClient {

    private final ShippingServiceBlockingStub stub;

    ShippingClient(Channel channel) {
        this.stub = ShippingServiceGrpc.newBlockingStub(channel);
    }

    /** The cost in USD of shipping these items; a null address is sent absent, as the reference passes it on. */
    Money getQuote(Address address, List<CartItem> items) {
        GetQuoteRequest.Builder request = GetQuoteRequest.newBuilder().addAllItems(items);
        if (address != null) {
            request.setAddress(address);
        }
        return Money.fromProto(stub.getQuote(request.build()).getCostUsd());
    }

    /** Ships the items; returns the tracking id. */
    String shipOrder(Address address, List<CartItem> items) {
        ShipOrderRequest.Builder request = ShipOrderRequest.newBuilder().addAllItems(items);
        if (address != null) {
            request.setAddress(address);
        }
        return stub.shipOrder(request.build()).getTrackingId();
    }
}
