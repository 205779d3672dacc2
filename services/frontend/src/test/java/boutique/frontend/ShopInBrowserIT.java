package boutique.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import io.grpc.BindableService;
import io.grpc.Server;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shop as a person uses it: the frontend and its backends started as real processes on free ports, driven
 * in headless Chromium (Debian's {@code chromium} and {@code chromedriver}). A backend whose module is not built
 * yet (no jar with a gRPC service in it) is stood in for by the fake of {@link FakeBackends} on a TCP port.
 * Each page is saved as a screenshot under {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopInBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<AutoCloseable> running = new ArrayList<>();
    private static final Map<String, String> env = new HashMap<>();
    private static AutoCloseable adService;
    private static String shop;
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

        FakeBackends fakes = FakeBackends.SHARED;
        // A real checkout needs real payment and email; a real shipping service needs the real quote service.
        boolean realCheckout =
                isImplemented("checkoutservice") && isImplemented("paymentservice") && isImplemented("emailservice");
        boolean realShipping = isImplemented("shippingservice") && isImplemented("quoteservice");
        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<AutoCloseable>> started = new ArrayList<>();
            started.add(grpc(starter, "productcatalogservice", ports, fakes.catalog, true));
            started.add(grpc(starter, "currencyservice", ports, fakes.currency, true));
            started.add(grpc(starter, "cartservice", ports, fakes.cart, true));
            started.add(grpc(starter, "shippingservice", ports, fakes.shipping, realShipping));
            started.add(grpc(starter, "recommendationservice", ports, fakes.recommendation, true));
            started.add(grpc(starter, "checkoutservice", ports, fakes.checkout, realCheckout));
            CompletableFuture<AutoCloseable> ads = grpc(starter, "adservice", ports, fakes.ads, true);
            started.add(ads);
            if (realCheckout) {
                started.add(grpc(starter, "paymentservice", ports, null, true));
                started.add(http(starter, "emailservice", ports));
            }
            if (realShipping) {
                started.add(http(starter, "quoteservice", ports));
            }
            for (CompletableFuture<AutoCloseable> service : started) {
                running.add(service.join());
            }
            adService = ads.join();
        } finally {
            starter.shutdown();
        }
        int port = ports.get("frontend");
        shop = "http://127.0.0.1:" + port;
        running.add(ServiceProcess.startHttp("frontend", shop + "/actuator/health", env));

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1600");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopTheShop() {
        if (browser != null) {
            browser.quit();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // Stopping the rest matters more than this one.
            }
        }
    }

    /** A module counts as implemented when its built jar holds a gRPC service or controller class of its own. */
    private static boolean isImplemented(String module) {
        Path target = ServiceProcess.projectRoot()
                .resolve("services")
                .resolve(module)
                .resolve("target")
                .resolve(module + "-1.0.0-SNAPSHOT.jar");
        if (!Files.exists(target)) {
            return false;
        }
        try (JarFile jar = new JarFile(target.toFile())) {
            return jar.stream()
                    .anyMatch(e -> e.getName().startsWith("BOOT-INF/classes/")
                            && (e.getName().endsWith("GrpcService.class")
                                    || e.getName().endsWith("Controller.class")));
        } catch (IOException e) {
            return false;
        }
    }

    private static CompletableFuture<AutoCloseable> grpc(
            ExecutorService starter,
            String module,
            Map<String, Integer> ports,
            BindableService fake,
            boolean realIfBuilt) {
        int port = ports.get(module);
        Supplier<AutoCloseable> start = () -> {
            if (fake == null || (realIfBuilt && isImplemented(module))) {
                return retried(() -> ServiceProcess.startGrpc(module, port, env));
            }
            try {
                Server server = FakeBackends.serveOnPort(port, fake);
                System.out.println(module + ": a fake stands in for it on port " + port);
                return server::shutdownNow;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return CompletableFuture.supplyAsync(start, starter);
    }

    private static CompletableFuture<AutoCloseable> http(
            ExecutorService starter, String module, Map<String, Integer> ports) {
        return CompletableFuture.supplyAsync(
                () -> retried(() -> ServiceProcess.startHttp(
                        module, "http://127.0.0.1:" + ports.get(module) + "/actuator/health", env)),
                starter);
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
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void home_showsNineProductsAndTheSessionOfThisBrowser() throws IOException {
        browser.get(shop + "/");

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
        browser.get(shop + "/");
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
        browser.get(shop + "/cart");
        String totalInDollars = one("cart-total").getText();

        new Select(one("currency-switcher")).selectByValue("EUR");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-cy='cart-total']"), "€"));
        assertThat(new Select(one("currency-switcher")).getFirstSelectedOption().getText())
                .isEqualTo("EUR");
        assertThat(one("cart-total").getText()).isNotEqualTo(totalInDollars).startsWith("€");
        screenshot("5-cart-in-euro");

        browser.get(shop + "/");
        assertThat(all("product-card")).hasSize(9);
        assertThat(all("product-card"))
                .allSatisfy(card -> assertThat(card.getText()).contains("€"));
        screenshot("6-home-in-euro");
    }

    @Test
    @Order(4)
    void placeOrder_withTheDefaultForm_showsTheConfirmationWithAnOrderId() throws IOException {
        browser.get(shop + "/cart");
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

        browser.get(shop + "/");
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
}
