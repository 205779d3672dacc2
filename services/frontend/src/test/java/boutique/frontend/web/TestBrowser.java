package boutique.frontend.web;

import boutique.kit.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.testcontainers.Testcontainers;
import org.testcontainers.selenium.BrowserWebDriverContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Chromium the browser tests drive, found the way a developer has it: Debian's {@code chromium} and
 * {@code chromedriver} when both are installed ({@code ./shop test} installs them), else Chromium in
 * Testcontainers' Selenium container when a Docker engine answers. In the container the browser reaches the
 * shop's port on this machine as {@code host.testcontainers.internal}, through the tunnel Testcontainers opens for
 * an exposed host port; {@link #shop()} is the address to browse in either case.
 */
final class TestBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Chromium and its driver in one image, built for amd64 and arm64 (Selenium's Chrome image is amd64 only). */
    static final DockerImageName CONTAINER_IMAGE = DockerImageName.parse("selenium/standalone-chromium:4.48.0-20260905")
            .asCompatibleSubstituteFor("selenium/standalone-chrome");

    private final WebDriver driver;
    private final String shop;
    private final BrowserWebDriverContainer container;

    private TestBrowser(WebDriver driver, String shop, BrowserWebDriverContainer container) {
        this.driver = driver;
        this.shop = shop;
        this.container = container;
    }

    /** A browser for a shop whose frontend listens on {@code port} of this machine. */
    static TestBrowser forShopOnPort(int port) {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return local(port);
        }
        if (TestServers.dockerAvailable()) {
            return inContainer(port);
        }
        throw new IllegalStateException("no Chromium for the browser tests: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are not both installed and no Docker engine answers for Testcontainers. Run ./shop test, which"
                + " installs them, or start Docker.");
    }

    WebDriver driver() {
        return driver;
    }

    /** The frontend's address as the browser reaches it, without a trailing slash. */
    String shop() {
        return shop;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }

    private static TestBrowser local(int port) {
        ChromeOptions options = options();
        options.setBinary(CHROMIUM.toFile());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        System.out.println("browser: " + CHROMIUM + " driven by " + CHROMEDRIVER);
        return new TestBrowser(new ChromeDriver(service, options), "http://127.0.0.1:" + port, null);
    }

    private static TestBrowser inContainer(int port) {
        // Containers started after this call resolve host.testcontainers.internal to the tunnel.
        Testcontainers.exposeHostPorts(port);
        BrowserWebDriverContainer container = new BrowserWebDriverContainer(CONTAINER_IMAGE);
        container.start();
        try {
            System.out.println("browser: " + CONTAINER_IMAGE + " at " + container.getSeleniumAddress());
            WebDriver driver = new RemoteWebDriver(container.getSeleniumAddress(), options());
            return new TestBrowser(driver, "http://host.testcontainers.internal:" + port, container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static ChromeOptions options() {
        return new ChromeOptions()
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1280,1600");
    }
}
