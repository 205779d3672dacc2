package boutique.cart;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.AddItemRequest;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CartServiceGrpc.CartServiceBlockingStub;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the cart rpcs put on their server spans, seen as Jaeger shows them. */
class CartTelemetryTests {

    private static final String ADD_ITEM = "hipstershop.CartService/AddItem";
    private static final String GET_CART = "hipstershop.CartService/GetCart";
    private static final String EMPTY_CART = "hipstershop.CartService/EmptyCart";

    private final TestTelemetry telemetry = new TestTelemetry();
    private FakeFlagService flagService;
    private InProcessGrpc grpc;
    private CartServiceBlockingStub cart;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set(CartGrpcService.FAILURE_FLAG, 0);
        grpc = InProcessGrpc.serve(
                telemetry.traced(new CartGrpcService(new InMemoryCartStore(), flagService.client())));
        cart = CartServiceGrpc.newBlockingStub(telemetry.traced(grpc.channel()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        telemetry.close();
    }

    private void add(String user, String productId, int quantity) {
        cart.addItem(AddItemRequest.newBuilder()
                .setUserId(user)
                .setItem(CartItem.newBuilder().setProductId(productId).setQuantity(quantity))
                .build());
    }

    @Test
    void addItem_serverSpanNamesTheUserProductAndQuantity() {
        add("u-1", "66VCHSJNUP", 3);

        SpanData server = telemetry.server(ADD_ITEM);
        assertThat(server)
                .hasAttribute(AttributeKey.stringKey("app.user.id"), "u-1")
                .hasAttribute(AttributeKey.stringKey("app.product.id"), "66VCHSJNUP")
                .hasAttribute(AttributeKey.longKey("app.product.quantity"), 3L);
        assertThat(server).hasParentSpanId(telemetry.client(ADD_ITEM).getSpanId());
    }

    @Test
    void getCart_fetchCartEvent_andTheUnitsInTheCart() {
        add("u-1", "66VCHSJNUP", 2);
        add("u-1", "9SIQT8TOJO", 3);

        cart.getCart(GetCartRequest.newBuilder().setUserId("u-1").build());

        assertThat(server(GET_CART))
                .hasAttribute(AttributeKey.stringKey("app.user.id"), "u-1")
                .hasAttribute(AttributeKey.longKey("app.cart.items.count"), 5L)
                .hasEventsSatisfying(events -> assertThat(names(events)).containsOnlyOnce("Fetch cart"))
                .hasStatus(StatusData.unset());
    }

    @Test
    void getCart_unknownUser_countsNoUnits() {
        cart.getCart(GetCartRequest.newBuilder().setUserId("nobody").build());

        assertThat(server(GET_CART)).hasAttribute(AttributeKey.longKey("app.cart.items.count"), 0L);
    }

    @Test
    void emptyCart_emptyCartEvent_andNoError() {
        cart.emptyCart(EmptyCartRequest.newBuilder().setUserId("u-1").build());

        assertThat(server(EMPTY_CART))
                .hasAttribute(AttributeKey.stringKey("app.user.id"), "u-1")
                .hasEventsSatisfying(events -> assertThat(names(events)).containsOnlyOnce("Empty cart"))
                .hasStatus(StatusData.unset());
    }

    @Test
    void emptyCart_withFailureFlagOn_isAnErrorSpanWithTheExceptionRecorded() {
        flagService.set(CartGrpcService.FAILURE_FLAG, 1);

        assertThatThrownBy(() -> cart.emptyCart(
                        EmptyCartRequest.newBuilder().setUserId("u-1").build()))
                .isInstanceOf(StatusRuntimeException.class);

        assertThat(server(EMPTY_CART))
                .hasStatus(StatusData.create(StatusCode.ERROR, "Can't access cart storage."))
                .hasEventsSatisfying(events -> assertThat(names(events)).contains("Empty cart"))
                .hasEventsSatisfying(events -> assertThat(events)
                        .filteredOn(event -> event.getName().equals("exception"))
                        .singleElement()
                        .satisfies(exception -> assertThat(exception.getAttributes())
                                .containsEntry("exception.message", "Can't access cart storage.")
                                .containsEntry("exception.type", "boutique.kit.ShopException")));
    }

    private SpanData server(String name) {
        return telemetry.server(name);
    }

    /** The names of the events on a span (the gRPC instrumentation adds its own "message" events). */
    private static List<String> names(List<? extends EventData> events) {
        return events.stream().map(EventData::getName).toList();
    }
}
