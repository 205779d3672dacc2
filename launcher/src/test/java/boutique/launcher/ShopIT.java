package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import boutique.kit.HealthProbe;
import boutique.kit.testing.ServiceProcess;
import hipstershop.AddItemRequest;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CreditCardInfo;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.GetCartRequest;
import hipstershop.GetProductRequest;
import hipstershop.Money;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.ProductCatalogServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole backend started the way a user starts it, through the launcher (every service its own JVM,
 * configured by deploy/.env, on free ports here so it never meets a shop already running), and an order
 * placed over TCP as the frontend places it.
 */
class ShopIT {

    private static final List<String> BACKEND = List.of("featureflagservice", "productcatalogservice",
            "currencyservice", "cartservice", "paymentservice", "quoteservice", "shippingservice", "emailservice",
            "checkoutservice");

    private static Shop shop;
    private static ManagedChannel cartChannel;
    private static ManagedChannel checkoutChannel;
    private static ManagedChannel catalogChannel;
    private static ManagedChannel currencyChannel;

    @BeforeAll
    static void startTheShop() throws Exception {
        Map<String, String> overrides = new HashMap<>(System.getenv());
        for (ServiceDef service : ServiceDef.ALL) {
            overrides.put(service.portVariable(), Integer.toString(ServiceProcess.freePort()));
            if (service.extraPortVariable() != null) {
                overrides.put(service.extraPortVariable(), Integer.toString(ServiceProcess.freePort()));
            }
        }
        Path root = ServiceProcess.projectRoot();
        shop = Shop.of(root, root.resolve("launcher/target/shop-it"), overrides);
        int exit = shop.up(shop.select(BACKEND));
        assertThat(exit).as("./shop up of the backend (logs in launcher/target/shop-it/logs)").isZero();
        cartChannel = channel("CART_SERVICE_PORT");
        checkoutChannel = channel("CHECKOUT_SERVICE_PORT");
        catalogChannel = channel("PRODUCT_CATALOG_SERVICE_PORT");
        currencyChannel = channel("CURRENCY_SERVICE_PORT");
    }

    @AfterAll
    static void stopTheShop() throws Exception {
        for (ManagedChannel channel : new ManagedChannel[] {cartChannel, checkoutChannel, catalogChannel,
                currencyChannel}) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        if (shop != null) {
            shop.down(shop.select(BACKEND));
        }
    }

    private static ManagedChannel channel(String portVariable) {
        return NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(shop.env().get(portVariable)))
                .usePlaintext().build();
    }

    @Test
    void everyStartedServiceAnswersHealth() {
        for (ServiceDef service : shop.select(BACKEND)) {
            assertThat(service.healthy(shop.env())).as(service.name()).isTrue();
        }
        assertThat(HealthProbe.httpOk("http://127.0.0.1:" + shop.env().get("FEATURE_FLAG_SERVICE_PORT")
                + "/actuator/health", java.time.Duration.ofSeconds(2))).as("flag UI health").isTrue();
    }

    @Test
    void placeOrder_chargesTheCartInTheUsersCurrencyShipsAndEmptiesTheCart() {
        var cart = CartServiceGrpc.newBlockingStub(cartChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
        String user = "shop-it-" + System.nanoTime();
        cart.addItem(AddItemRequest.newBuilder().setUserId(user)
                .setItem(CartItem.newBuilder().setProductId("LS4PSXUNUM").setQuantity(2)).build());
        cart.addItem(AddItemRequest.newBuilder().setUserId(user)
                .setItem(CartItem.newBuilder().setProductId("OLJCESPC7Z").setQuantity(1)).build());

        OrderResult order = CheckoutServiceGrpc.newBlockingStub(checkoutChannel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .placeOrder(PlaceOrderRequest.newBuilder().setUserId(user).setUserCurrency("EUR")
                        .setEmail("someone@example.com")
                        .setAddress(Address.newBuilder().setStreetAddress("1600 Amphitheatre Parkway")
                                .setCity("Mountain View").setState("CA").setCountry("United States")
                                .setZipCode(94043))
                        .setCreditCard(CreditCardInfo.newBuilder().setCreditCardNumber("4432-8015-6152-0454")
                                .setCreditCardCvv(672).setCreditCardExpirationYear(2039)
                                .setCreditCardExpirationMonth(1))
                        .build())
                .getOrder();

        assertThat(order.getOrderId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(order.getShippingTrackingId()).isNotBlank();
        // 3 items at 8.90 USD each, in euros: 26.70 x 1 / 1.1305
        assertThat(order.getShippingCost()).isEqualTo(inEuros(money("USD", 26, 700_000_000)));
        assertThat(order.getItemsList()).extracting(i -> i.getItem().getProductId(), i -> i.getItem().getQuantity())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("LS4PSXUNUM", 2),
                        org.assertj.core.groups.Tuple.tuple("OLJCESPC7Z", 1));
        for (OrderItem item : order.getItemsList()) {
            Money priceUsd = ProductCatalogServiceGrpc.newBlockingStub(catalogChannel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getProduct(GetProductRequest.newBuilder().setId(item.getItem().getProductId()).build())
                    .getPriceUsd();
            assertThat(item.getCost()).as(item.getItem().getProductId()).isEqualTo(inEuros(priceUsd));
        }
        assertThat(order.getItemsList()).filteredOn(i -> i.getItem().getProductId().equals("LS4PSXUNUM"))
                .first().extracting(OrderItem::getCost).isEqualTo(money("EUR", 50, 490_933_215));
        assertThat(cart.getCart(GetCartRequest.newBuilder().setUserId(user).build()).getItemsList()).isEmpty();
    }

    private static Money inEuros(Money usd) {
        return CurrencyServiceGrpc.newBlockingStub(currencyChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .convert(CurrencyConversionRequest.newBuilder().setFrom(usd).setToCode("EUR").build());
    }

    private static Money money(String code, long units, int nanos) {
        return Money.newBuilder().setCurrencyCode(code).setUnits(units).setNanos(nanos).build();
    }
}
