package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.ScratchDatabase;
import boutique.kit.testing.ServiceProcess;
import boutique.kit.testing.TestRedis;
import hipstershop.AdServiceGrpc;
import hipstershop.AddItemRequest;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.DeleteFlagRequest;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.GetCartRequest;
import hipstershop.GetProductRequest;
import hipstershop.PaymentServiceGrpc;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.ShippingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a user of the shop can expect when parts of it fail or are abused, tried on the whole shop started
 * through the launcher (its supervisor included) with a Redis and a flag database of the test's own: every
 * service killed with SIGKILL while shoppers keep shopping, Redis stopped and started again, the flag service
 * stopped, and a bad-input campaign over every HTTP route and every gRPC method. Throughout: no 5xx but a 503
 * for a backend that is down, no UNKNOWN or INTERNAL for a well-formed request, no request left without an
 * answer, every service healthy afterwards, and no cart the shop confirmed lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {

    private static final Path STATE = ServiceProcess.projectRoot().resolve("launcher/target/reliability-it");

    private static final ShopChannels CHANNELS = new ShopChannels();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static TestRedis redis;
    private static ScratchDatabase flagDatabase;
    private static Shop shop;
    private static String frontend;

    @BeforeAll
    static void startTheShop() throws Exception {
        redis = TestRedis.in(STATE.resolve("redis"));
        redis.start();
        Map<String, String> overrides = new HashMap<>(System.getenv());
        for (ServiceDef service : ServiceDef.ALL) {
            overrides.put(service.portVariable(), Integer.toString(ServiceProcess.freePort()));
            if (service.extraPortVariable() != null) {
                overrides.put(service.extraPortVariable(), Integer.toString(ServiceProcess.freePort()));
            }
        }
        overrides.put("REDIS_ADDR", redis.address());
        flagDatabase = ScratchDatabase.create("reliability_it");
        overrides.put("DATABASE_URL", flagDatabase.url());
        shop = Shop.of(ServiceProcess.projectRoot(), STATE, overrides);
        assertThat(shop.up(ServiceDef.ALL))
                .as("./shop up (logs in %s)", STATE.resolve("logs"))
                .isZero();
        frontend = "http://127.0.0.1:" + shop.env().get("FRONTEND_PORT");
    }

    @AfterAll
    static void stopTheShop() throws Exception {
        CHANNELS.close();
        if (shop != null) {
            shop.down(ServiceDef.ALL);
        }
        if (redis != null) {
            redis.close();
        }
        if (flagDatabase != null) {
            flagDatabase.close();
        }
    }

    @AfterEach
    void everyServiceIsHealthyAfterwards() throws Exception {
        for (ServiceDef service : ServiceDef.ALL) {
            await(service.name() + " healthy", Duration.ofSeconds(20), () -> service.healthy(shop.env()));
        }
    }

    @Test
    @Order(1)
    void killMinus9_ofEachServiceWhileShopping_isHealthyAgainWithinFiveSeconds_andNoCartIsLost() throws Exception {
        Map<String, Duration> backAfter = new LinkedHashMap<>();
        try (Shoppers shoppers = new Shoppers(frontend).start(3, 1)) {
            Thread.sleep(10_000); // a shop in use, past its first requests
            for (ServiceDef service : ServiceDef.ALL) {
                long pid = shop.running(service).orElseThrow();
                int restartsBefore = shop.state().restartsOf(service.name()).count();

                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                long t0 = System.nanoTime();
                await(
                        service.name() + " healthy again after kill -9",
                        Duration.ofSeconds(30),
                        () -> shop.running(service).filter(p -> p != pid).isPresent() && service.healthy(shop.env()));
                backAfter.put(service.name(), Duration.ofNanos(System.nanoTime() - t0));
                assertThat(shop.state().restartsOf(service.name()).count()).isEqualTo(restartsBefore + 1);
                Thread.sleep(1_000);
            }
            Thread.sleep(2_000);
            shoppers.close();
            System.out.println("kill -9, then healthy again after: " + backAfter);
            System.out.println("shoppers meanwhile: " + shoppers.summary());

            assertThat(shoppers.failures())
                    .as(() -> "answers no shopper may get; the services' last warnings:\n" + lastWarnings())
                    .isEmpty();
            assertThat(backAfter)
                    .as("time from kill -9 to healthy")
                    .allSatisfy((service, took) -> assertThat(took).isLessThan(Duration.ofSeconds(5)));
            for (var user : shoppers.confirmed().entrySet()) {
                Map<String, Integer> inCart = cartOf(user.getKey());
                user.getValue()
                        .forEach((product, quantity) -> assertThat(inCart.getOrDefault(product, 0))
                                .as(
                                        "%s of %s: confirmed %d, sent at most %d",
                                        product,
                                        user.getKey(),
                                        quantity.get(),
                                        shoppers.attempted()
                                                .get(user.getKey())
                                                .get(product)
                                                .get())
                                .isBetween(
                                        quantity.get(),
                                        shoppers.attempted()
                                                .get(user.getKey())
                                                .get(product)
                                                .get()));
            }
        }
    }

    @Test
    @Order(2)
    void redisDownAndBack_cartCallsFailFast_pagesRender_andTheCartComesBack() throws Exception {
        var cart = CartServiceGrpc.newBlockingStub(channel("CART_SERVICE_PORT"));
        String user = "reliability-redis-" + System.nanoTime();
        cart.withDeadlineAfter(5, TimeUnit.SECONDS).addItem(addItem(user, "66VCHSJNUP", 2));

        redis.stop();
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(
                            () -> cart.withDeadlineAfter(10, TimeUnit.SECONDS).getCart(getCart(user)))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
            assertThat(get("/api/cart?sessionId=" + user).statusCode()).isEqualTo(503);
            assertThat(get("/").statusCode()).isEqualTo(200);
            assertThat(get("/product/OLJCESPC7Z").statusCode()).isEqualTo(200);
            assertThat(get("/api/products").statusCode()).isEqualTo(200);
            ServiceDef cartService = service("cartservice");
            await("cart reports NOT_SERVING", Duration.ofSeconds(5), () -> !cartService.healthy(shop.env()));
        } finally {
            redis.start();
        }

        ServiceDef cartService = service("cartservice");
        await("cart SERVING again", Duration.ofSeconds(10), () -> cartService.healthy(shop.env()));
        assertThat(cart.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getCart(getCart(user))
                        .getItemsList())
                .extracting(CartItem::getProductId, CartItem::getQuantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("66VCHSJNUP", 2));
        assertThat(cartOf(user)).containsEntry("66VCHSJNUP", 2);
    }

    @Test
    @Order(3)
    void flagServiceStopped_flagsReadAsOff_andTheShopWorks() throws Exception {
        FlagScenarios flags = new FlagScenarios(channel("FEATURE_FLAG_GRPC_SERVICE_PORT"));
        var catalog = ProductCatalogServiceGrpc.newBlockingStub(channel("PRODUCT_CATALOG_SERVICE_PORT"));
        BooleanSupplier failing = () -> FlagScenarios.failsWith(
                () -> catalog.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getProduct(GetProductRequest.newBuilder()
                                .setId("OLJCESPC7Z")
                                .build()),
                Status.Code.INTERNAL,
                "Error: ProductCatalogService Fail Feature Flag Enabled");
        flags.set("productCatalogFailure", 1);
        try {
            await("productCatalogFailure fires", Duration.ofSeconds(8), failing);

            shop.down(List.of(service("featureflagservice")));
            await("flags read as off without the flag service", Duration.ofSeconds(8), () -> !failing.getAsBoolean());
            assertThat(get("/product/OLJCESPC7Z").statusCode()).isEqualTo(200);
            assertThat(order("reliability-noflags-" + System.nanoTime()).statusCode())
                    .isEqualTo(200);

            assertThat(shop.up(List.of(service("featureflagservice")))).isZero();
            await("the stored flag counts again", Duration.ofSeconds(8), failing);
        } finally {
            new FlagScenarios(channel("FEATURE_FLAG_GRPC_SERVICE_PORT")).set("productCatalogFailure", 0);
        }
        await("productCatalogFailure off", Duration.ofSeconds(8), () -> !failing.getAsBoolean());
    }

    @Test
    @Order(4)
    void badInputOverEveryHttpRoute_isRefusedWithoutA5xxOrAHang() throws Exception {
        Map<String, Integer> restartsBefore = restarts();
        HostileHttp campaign = new HostileHttp();
        campaign.frontend(frontend);
        campaign.quote("http://127.0.0.1:" + shop.env().get("QUOTE_SERVICE_PORT"));
        campaign.email("http://127.0.0.1:" + shop.env().get("EMAIL_SERVICE_PORT"));
        campaign.flagUi("http://127.0.0.1:" + shop.env().get("FEATURE_FLAG_SERVICE_PORT"));

        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        campaign.outcomes().forEach(o -> statuses.merge(o.status(), 1, Integer::sum));
        System.out.println("HTTP campaign: " + campaign.outcomes().size() + " requests, statuses " + statuses);
        campaign.outcomes().stream()
                .filter(o -> o.error() != null)
                .forEach(o -> System.out.println("  refused by closing the connection: " + o));
        assertThat(campaign.outcomes())
                .filteredOn(o -> !o.acceptable())
                .as("requests answered 5xx or not at all")
                .isEmpty();
        assertThat(restarts()).as("restarts: no service died").isEqualTo(restartsBefore);
        assertThat(order("reliability-after-http-" + System.nanoTime()).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(5)
    void badInputOverEveryGrpcMethod_isNeverUnknownInternalOrUnanswered() throws Exception {
        Map<String, Integer> restartsBefore = restarts();
        Map<String, ServiceDescriptor> services = new LinkedHashMap<>();
        services.put("AD_SERVICE_PORT", AdServiceGrpc.getServiceDescriptor());
        services.put("CART_SERVICE_PORT", CartServiceGrpc.getServiceDescriptor());
        services.put("CHECKOUT_SERVICE_PORT", CheckoutServiceGrpc.getServiceDescriptor());
        services.put("CURRENCY_SERVICE_PORT", CurrencyServiceGrpc.getServiceDescriptor());
        services.put("PAYMENT_SERVICE_PORT", PaymentServiceGrpc.getServiceDescriptor());
        services.put("PRODUCT_CATALOG_SERVICE_PORT", ProductCatalogServiceGrpc.getServiceDescriptor());
        services.put("RECOMMENDATION_SERVICE_PORT", RecommendationServiceGrpc.getServiceDescriptor());
        services.put("SHIPPING_SERVICE_PORT", ShippingServiceGrpc.getServiceDescriptor());
        services.put("FEATURE_FLAG_GRPC_SERVICE_PORT", FeatureFlagServiceGrpc.getServiceDescriptor());

        List<HostileGrpc.Outcome> outcomes = new ArrayList<>();
        try {
            services.forEach((port, service) -> outcomes.addAll(HostileGrpc.attack(channel(port), service)));
        } finally {
            try {
                FeatureFlagServiceGrpc.newBlockingStub(channel("FEATURE_FLAG_GRPC_SERVICE_PORT"))
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .deleteFlag(DeleteFlagRequest.newBuilder()
                                .setName("campaign-flag")
                                .build());
            } catch (StatusRuntimeException e) {
                // not created, or already deleted by the campaign itself
            }
        }

        Map<Status.Code, Integer> codes = new java.util.TreeMap<>();
        outcomes.forEach(o -> codes.merge(o.code(), 1, Integer::sum));
        System.out.println("gRPC campaign: " + outcomes.size() + " calls, codes " + codes);
        assertThat(outcomes)
                .filteredOn(o -> HostileGrpc.NEVER.contains(o.code()))
                .as("calls answered UNKNOWN, INTERNAL or not at all")
                .isEmpty();
        assertThat(restarts()).as("restarts: no service died").isEqualTo(restartsBefore);
        assertThat(order("reliability-after-grpc-" + System.nanoTime()).statusCode())
                .isEqualTo(200);
    }

    /** How often the supervisor restarted each service so far. */
    private static Map<String, Integer> restarts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ServiceDef.ALL.forEach(
                s -> counts.put(s.name(), shop.state().restartsOf(s.name()).count()));
        return counts;
    }

    /** The last warning and error lines of every service's log, to tell why a shopper got an answer. */
    private static String lastWarnings() {
        StringBuilder warnings = new StringBuilder();
        for (ServiceDef service : ServiceDef.ALL) {
            try (Stream<String> lines = Files.lines(STATE.resolve("logs").resolve(service.name() + ".log"))) {
                List<String> found = lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .toList();
                found.subList(Math.max(0, found.size() - 5), found.size())
                        .forEach(line -> warnings.append(service.name())
                                .append(": ")
                                .append(line)
                                .append('\n'));
            } catch (IOException | UncheckedIOException e) {
                warnings.append(service.name()).append(": no log (").append(e).append(")\n");
            }
        }
        return warnings.toString();
    }

    private static ServiceDef service(String name) {
        return shop.select(List.of(name)).get(0);
    }

    private static ManagedChannel channel(String portVariable) {
        return CHANNELS.to(shop, portVariable);
    }

    private static AddItemRequest addItem(String user, String product, int quantity) {
        return AddItemRequest.newBuilder()
                .setUserId(user)
                .setItem(CartItem.newBuilder().setProductId(product).setQuantity(quantity))
                .build();
    }

    private static GetCartRequest getCart(String user) {
        return GetCartRequest.newBuilder().setUserId(user).build();
    }

    /** The user's cart as the shop's API shows it: product id to quantity. */
    private static Map<String, Integer> cartOf(String user) throws Exception {
        var cart = CartServiceGrpc.newBlockingStub(channel("CART_SERVICE_PORT"))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getCart(getCart(user));
        Map<String, Integer> items = new HashMap<>();
        cart.getItemsList().forEach(item -> items.merge(item.getProductId(), item.getQuantity(), Integer::sum));
        return items;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(frontend + path))
                        .timeout(Duration.ofSeconds(15))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Adds a telescope to a fresh user's cart and places the order through the frontend's API. */
    private static HttpResponse<String> order(String user) throws Exception {
        CartServiceGrpc.newBlockingStub(channel("CART_SERVICE_PORT"))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .addItem(addItem(user, "OLJCESPC7Z", 1));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(frontend + "/api/checkout"))
                        .timeout(Duration.ofSeconds(25))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"userId":"%s","userCurrency":"USD","email":"someone@example.com",
                                 "address":{"streetAddress":"1 Main St","city":"Toronto","state":"ON",
                                            "country":"Canada","zipCode":12345},
                                 "creditCard":{"creditCardNumber":"4432-8015-6152-0454","creditCardCvv":672,
                                               "creditCardExpirationYear":2039,"creditCardExpirationMonth":1}}
                                """.formatted(user)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
