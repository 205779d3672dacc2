package boutique.frontend.web;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.StatusMappingInterceptor;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.ServiceProcess;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shop as a person uses it: the frontend and every backend it calls, directly or through checkout and
 * shipping, started as real processes on free ports (the carts in the cart service's memory), driven in headless
 * Chromium (the local one, else one in a container: {@link TestBrowser}) and over HTTP. The frontend gets the
 * shop's common JVM options ({@code -Xmx40m}, exiting on running out of memory: less than the 64 MB it has in the
 * shop), so the tests also show that no oversized request can end it. The one fake is the flag service (the real one needs PostgreSQL): an in-process
 * {@link FakeFlagService} on a TCP port, with {@code intlShippingSlowdown} on for the whole run; only orders
 * shipped outside the United States feel it. Each page is saved as a screenshot under {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopInBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String EXPLORASCOPE = "OLJCESPC7Z";
    private static final List<AutoCloseable> running = new ArrayList<>();
    private static final Map<String, String> env = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ServiceProcess adService;
    private static ServiceProcess frontend;
    private static int frontendPort;
    /** The frontend's address for the tests' own HTTP requests. */
    private static String shop;
    /** The frontend's address for the browser, which may run in a container. */
    private static String shopInBrowser;

    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startTheShop() throws Exception {
        Map<String, Integer> ports = new HashMap<>();
        for (String module : List.of(
                "productcatalogservice",
                "currencyservice",
                "paymentservice",
                "quoteservice",
                "emailservice",
                "adservice",
                "cartservice",
                "shippingservice",
                "recommendationservice",
                "checkoutservice",
                "featureflagservice",
                "frontend")) {
            ports.put(module, ServiceProcess.freePort());
        }
        env.put("PRODUCT_CATALOG_SERVICE_ADDR", "127.0.0.1:" + ports.get("productcatalogservice"));
        env.put("CURRENCY_SERVICE_ADDR", "127.0.0.1:" + ports.get("currencyservice"));
        env.put("PAYMENT_SERVICE_ADDR", "127.0.0.1:" + ports.get("paymentservice"));
        env.put("QUOTE_SERVICE_ADDR", "http://127.0.0.1:" + ports.get("quoteservice"));
        env.put("EMAIL_SERVICE_ADDR", "http://127.0.0.1:" + ports.get("emailservice"));
        env.put("AD_SERVICE_ADDR", "127.0.0.1:" + ports.get("adservice"));
        env.put("CART_SERVICE_ADDR", "127.0.0.1:" + ports.get("cartservice"));
        env.put("SHIPPING_SERVICE_ADDR", "127.0.0.1:" + ports.get("shippingservice"));
        env.put("RECOMMENDATION_SERVICE_ADDR", "127.0.0.1:" + ports.get("recommendationservice"));
        env.put("CHECKOUT_SERVICE_ADDR", "127.0.0.1:" + ports.get("checkoutservice"));
        env.put("FEATURE_FLAG_GRPC_SERVICE_ADDR", "127.0.0.1:" + ports.get("featureflagservice"));
        env.put("PRODUCT_CATALOG_SERVICE_PORT", "" + ports.get("productcatalogservice"));
        env.put("CURRENCY_SERVICE_PORT", "" + ports.get("currencyservice"));
        env.put("PAYMENT_SERVICE_PORT", "" + ports.get("paymentservice"));
        env.put("QUOTE_SERVICE_PORT", "" + ports.get("quoteservice"));
        env.put("EMAIL_SERVICE_PORT", "" + ports.get("emailservice"));
        env.put("AD_SERVICE_PORT", "" + ports.get("adservice"));
        env.put("CART_SERVICE_PORT", "" + ports.get("cartservice"));
        env.put("SHIPPING_SERVICE_PORT", "" + ports.get("shippingservice"));
        env.put("RECOMMENDATION_SERVICE_PORT", "" + ports.get("recommendationservice"));
        env.put("CHECKOUT_SERVICE_PORT", "" + ports.get("checkoutservice"));
        env.put("FRONTEND_PORT", "" + ports.get("frontend"));
        env.put("ENV_PLATFORM", "local");
        // The carts live in the cart service's memory: the browser test leaves nothing behind in Redis.
        env.put("REDIS_ADDR", "");
        // A flag read times out after 300 ms and then counts as off; on a busy test machine a service's first
        // read can take longer, and the slowdown scenario must not be missed.
        env.put("SHOP_FLAGS_DEADLINE", "5s");

        FakeFlagService flags = new FakeFlagService().set("intlShippingSlowdown", 1);
        Server flagService = NettyServerBuilder.forPort(ports.get("featureflagservice"))
                .addService(ServerInterceptors.intercept(flags, new StatusMappingInterceptor()))
                .build()
                .start();
        running.add(flags);
        running.add(flagService::shutdownNow);

        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<ServiceProcess>> started = new ArrayList<>();
            for (String module : List.of(
                    "productcatalogservice",
                    "currencyservice",
                    "cartservice",
                    "shippingservice",
                    "recommendationservice",
                    "checkoutservice",
                    "paymentservice")) {
                started.add(start(starter, () -> ServiceProcess.startGrpc(module, ports.get(module), env)));
            }
            CompletableFuture<ServiceProcess> ads =
                    start(starter, () -> ServiceProcess.startGrpc("adservice", ports.get("adservice"), env));
            started.add(ads);
            for (String module : List.of("emailservice", "quoteservice")) {
                started.add(start(starter, () -> ServiceProcess.startHttp(module, health(ports.get(module)), env)));
            }
            for (CompletableFuture<ServiceProcess> service : started) {
                running.add(service.join());
            }
            adService = ads.join();
        } finally {
            starter.shutdown();
        }
        int port = ports.get("frontend");
        frontendPort = port;
        shop = "http://127.0.0.1:" + port;
        // ServiceProcess gives it the shop's JVM options, with the 40 MB heap it has under compose.
        frontend = retried(() -> ServiceProcess.startHttp("frontend", health(port), env));
        running.add(frontend);
        warmUp();

        TestBrowser testBrowser = TestBrowser.forShopOnPort(port);
        running.add(testBrowser);
        browser = testBrowser.driver();
        shopInBrowser = testBrowser.shop();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopTheShop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // Stopping the rest matters more than this one.
            }
        }
    }

    /**
     * One call along each path the pages take, so that the browser does not meet a JVM's first, slow answer: a
     * page leaves out its ads and suggestions when they take longer than 800 ms.
     */
    private static void warmUp() throws Exception {
        for (String path : List.of(
                "/api/products",
                "/api/products/" + EXPLORASCOPE + "?currencyCode=EUR",
                "/api/recommendations?productIds=" + EXPLORASCOPE,
                "/api/data?productIds=" + EXPLORASCOPE,
                "/api/cart?sessionId=warm-up",
                "/api/currency",
                "/api/shipping?itemList="
                        + URLEncoder.encode(
                                "[{\"productId\":\"" + EXPLORASCOPE + "\",\"quantity\":1}]", StandardCharsets.UTF_8))) {
            http.send(HttpRequest.newBuilder(URI.create(shop + path)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String health(int port) {
        return "http://127.0.0.1:" + port + "/actuator/health";
    }

    private static CompletableFuture<ServiceProcess> start(ExecutorService starter, Supplier<ServiceProcess> start) {
        return CompletableFuture.supplyAsync(() -> retried(start), starter);
    }

    /** A second try: on a shared machine a module's jar may be rewritten by a build while it starts. */
    private static ServiceProcess retried(Supplier<ServiceProcess> start) {
        try {
            return start.get();
        } catch (IllegalStateException e) {
            System.out.println(
                    "retrying once: " + e.getMessage().lines().findFirst().orElse(""));
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return start.get();
        }
    }

    private static List<WebElement> all(String dataCy) {
        return browser.findElements(By.cssSelector("[data-cy='" + dataCy + "']"));
    }

    private static WebElement one(String dataCy) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cy='" + dataCy + "']")));
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void home_showsNineProductsAndTheSessionOfThisBrowser() throws IOException {
        browser.get(shopInBrowser + "/");

        one("home-page");
        assertThat(one("product-list").findElements(By.cssSelector("[data-cy='product-card']")))
                .hasSize(9);
        String stored = (String) ((JavascriptExecutor) browser).executeScript("return localStorage.getItem('session')");
        String userId = stored.replaceAll(".*\"userId\":\"([^\"]+)\".*", "$1");
        assertThat(one("session-id").getText()).isEqualTo("session-id: " + userId);
        assertThat(all("product-price").get(0).getText()).startsWith("$");
        screenshot("1-home");
    }

    @Test
    @Order(2)
    void product_addTwoToTheCart_showsTheBadgeAndTheCartWithShippingAndTotal() throws IOException {
        browser.get(shopInBrowser + "/");
        all("product-card").get(0).click();

        wait.until(ExpectedConditions.urlContains("/product/"));
        one("product-detail");
        assertThat(one("product-picture").getAttribute("src")).contains("/images/products/");
        assertThat(one("product-name").getText()).isNotBlank();
        assertThat(one("product-description").getText()).isNotBlank();
        assertThat(one("recommendation-list").findElements(By.cssSelector("[data-cy='product-card']")))
                .hasSize(4);
        assertThat(one("ad").getText()).isNotBlank();
        screenshot("2-product");

        new Select(one("product-quantity")).selectByValue("2");
        one("product-add-to-cart").click();

        wait.until(ExpectedConditions.urlMatches(".*/cart$"));
        assertThat(one("cart-item-count").getText()).isEqualTo("2");
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("Shipping", "$17.80", "Total");
        assertThat(one("cart-total").getText()).matches("\\$[0-9,]+\\.[0-9]{2}");
        screenshot("3-cart");

        one("cart-icon").click();
        wait.until(ExpectedConditions.visibilityOf(one("cart-dropdown")));
        assertThat(all("cart-dropdown-item")).hasSize(1);
        screenshot("4-cart-dropdown");
    }

    @Test
    @Order(3)
    void currency_switchToEuro_changesEveryPrice() throws IOException {
        browser.get(shopInBrowser + "/cart");
        String totalInDollars = one("cart-total").getText();

        new Select(one("currency-switcher")).selectByValue("EUR");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-cy='cart-total']"), "€"));
        assertThat(new Select(one("currency-switcher")).getFirstSelectedOption().getText())
                .isEqualTo("EUR");
        assertThat(one("cart-total").getText()).isNotEqualTo(totalInDollars).startsWith("€");
        screenshot("5-cart-in-euro");

        browser.get(shopInBrowser + "/");
        assertThat(all("product-card")).hasSize(9);
        assertThat(all("product-card"))
                .allSatisfy(card -> assertThat(card.getText()).contains("€"));
        screenshot("6-home-in-euro");
    }

    @Test
    @Order(4)
    void placeOrder_withTheDefaultForm_showsTheConfirmationWithAnOrderId() throws IOException {
        browser.get(shopInBrowser + "/cart");
        one("checkout-place-order").click();

        wait.until(ExpectedConditions.urlContains("/checkout/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your order is complete!");
        assertThat(one("order-id").getText()).matches("[0-9a-f-]{36}");
        assertThat(one("tracking-id").getText()).isNotBlank();
        assertThat(all("checkout-item")).hasSize(1);
        assertThat(one("order-total").getText()).startsWith("€");
        assertThat(all("cart-item-count")).isEmpty();
        screenshot("7-order-complete");
    }

    @Test
    @Order(5)
    void adServiceStopped_homeAndProductPagesStillRender() throws Exception {
        adService.close();

        browser.get(shopInBrowser + "/");
        assertThat(all("product-card")).hasSize(9);
        all("product-card").get(3).click();
        wait.until(ExpectedConditions.urlContains("/product/"));
        one("product-detail");
        assertThat(one("product-name").getText()).isNotBlank();
        assertThat(all("ad")).isEmpty();
        assertThat(one("recommendation-list").findElements(By.cssSelector("[data-cy='product-card']")))
                .hasSize(4);
        screenshot("8-product-without-ads");
    }

    /**
     * A single request with a 50 MB body used to end the frontend: with its 40 MB heap it ran out of memory and
     * exited. Now each is refused with 413 before it is read, and the shop goes on.
     */
    @Test
    @Order(6)
    void fiftyMegabyteBodies_areRefusedAndTheFrontendKeepsServing() throws Exception {
        long fiftyMegabytes = 50L * 1024 * 1024;
        for (String route :
                List.of("POST /api/cart", "DELETE /api/cart", "POST /api/checkout", "POST /cart/checkout")) {
            String response;
            try (RawHttp raw = new RawHttp(frontendPort)) {
                raw.head(route + " HTTP/1.1\nHost: shop\nContent-Type: application/json\nContent-Length: "
                        + fiftyMegabytes + "\n");
                raw.body(fiftyMegabytes, (byte) 'a', false);
                response = raw.response();
            }
            assertThat(response).as(route).startsWith("HTTP/1.1 413 ");
            assertThat(frontend.isAlive()).as("the frontend after " + route).isTrue();
            HttpResponse<String> products = http.send(
                    HttpRequest.newBuilder(URI.create(shop + "/api/products")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(products.statusCode())
                    .as("the next request after " + route)
                    .isEqualTo(200);
        }
        assertThat(frontend.tail()).doesNotContain("Terminating due to java.lang.OutOfMemoryError");
    }

    /**
     * While {@code intlShippingSlowdown} fires, shipping to Canada pauses 5 s for the quote and 5 s for the
     * shipment: the order still goes through, because the frontend gives PlaceOrder 20 s and the checkout's calls
     * keep that deadline.
     */
    @Test
    @Order(7)
    void orderToCanada_whileIntlShippingSlowdownFires_succeedsAfterBothPauses() throws Exception {
        String user = "canada-" + UUID.randomUUID();
        HttpResponse<String> added = post(
                "/api/cart",
                "{\"userId\": \"" + user + "\", \"item\": {\"productId\": \"" + EXPLORASCOPE + "\", \"quantity\": 1}}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);

        long start = System.nanoTime();
        HttpResponse<String> order = post("/api/checkout", """
                {"userId": "%s", "userCurrency": "CAD", "email": "someone@example.com",
                 "address": {"streetAddress": "1 Sussex Drive", "city": "Ottawa", "state": "ON",
                             "country": "Canada", "zipCode": 12345},
                 "creditCard": {"creditCardNumber": "4432-8015-6152-0454", "creditCardCvv": 672,
                                "creditCardExpirationYear": 2039, "creditCardExpirationMonth": 1}}""".formatted(user));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        assertThat(order.body()).contains("\"orderId\":", "\"country\":\"Canada\"", "\"currencyCode\":\"CAD\"");
        assertThat(took).as("both 5 s pauses happened").isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(shop + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
