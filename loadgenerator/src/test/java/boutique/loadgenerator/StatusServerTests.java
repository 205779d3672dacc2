package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusServerTests {

    @TempDir
    Path results;

    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch runStarted = new CountDownLatch(1);
    private final CountDownLatch releaseRun = new CountDownLatch(1);
    private ShopperRunner runner;
    private StatusServer server;

    @BeforeEach
    void startServer() throws InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of(
                "LOCUST_HOST",
                "http://shop.test:8080",
                "LOCUST_USERS",
                "7",
                "LOADGEN_RESULTS_DIR",
                results.toString()));
        Settings settings = Settings.fromEnvironment(env);
        Reports reports = new Reports(results);
        GatlingRun gatling = (simulation, dir, description) -> {
            runStarted.countDown();
            try {
                releaseRun.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        };
        runner = new ShopperRunner(settings, reports, gatling, Clock.systemUTC());
        server = new StatusServer(0, runner, reports);
        server.start();
    }

    @AfterEach
    void stopServer() {
        runner.stop();
        releaseRun.countDown();
        server.close();
    }

    @Test
    void page_listsFinishedReportsNewestFirst_andSkipsARunStillGoing() throws Exception {
        report("shoppersimulation-20250101100000000", "2025-01-01T10:05:00Z");
        report("shoppersimulation-20250101101000000", "2025-01-01T10:15:00Z");
        report("shoppersimulation-20250101090000000", "2025-01-01T09:05:00Z");
        Files.createDirectories(results.resolve("shoppersimulation-20250101102000000")); // no index.html yet

        String page = get("/").body();

        assertThat(page)
                .containsSubsequence(
                        "href=\"reports/shoppersimulation-20250101101000000/index.html\"",
                        "href=\"reports/shoppersimulation-20250101100000000/index.html\"",
                        "href=\"reports/shoppersimulation-20250101090000000/index.html\"");
        assertThat(page).doesNotContain("shoppersimulation-20250101102000000");
    }

    @Test
    void page_showsTheSettingsAndWhetherARunIsGoing() throws Exception {
        assertThat(get("/").body())
                .contains("Not running", "http://shop.test:8080", "<td>7</td>", "until stopped", "action=\"start\"");

        runner.start();
        assertThat(runStarted.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(get("/").body()).contains("Running since", "run 1", "action=\"stop\"");
    }

    @Test
    void page_reachedThroughTheProxyAsDoubleSlash_isServed() throws Exception {
        report("shoppersimulation-20250101100000000", "2025-01-01T10:05:00Z");

        HttpResponse<String> page = get("//");
        HttpResponse<String> reportPage = get("//reports/shoppersimulation-20250101100000000/index.html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("reports/shoppersimulation-20250101100000000/index.html");
        assertThat(reportPage.statusCode()).isEqualTo(200);
        assertThat(reportPage.body()).isEqualTo("<html>report of shoppersimulation-20250101100000000</html>");
    }

    @Test
    void reportFiles_areServedWithTheirContentType() throws Exception {
        Path run = report("shoppersimulation-20250101100000000", "2025-01-01T10:05:00Z");
        Files.createDirectories(run.resolve("js"));
        Files.writeString(run.resolve("js/gatling.js"), "var x = 1;");

        HttpResponse<String> script = get("/reports/shoppersimulation-20250101100000000/js/gatling.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).isEqualTo("var x = 1;");
    }

    @Test
    void reportFiles_outsideTheResultsFolderOrMissing_areNotFound() throws Exception {
        Files.writeString(results.getParent().resolve("secret.txt"), "secret");

        assertThat(get("/reports/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
        assertThat(get("/reports/nothing/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/stats/requests").statusCode()).isEqualTo(404);
    }

    @Test
    void start_isAPostThatRedirectsBackRelatively() throws Exception {
        HttpResponse<String> wrongMethod = get("/start");
        HttpResponse<String> started = client.send(
                HttpRequest.newBuilder(uri("//start"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(started.statusCode()).isEqualTo(303);
        assertThat(started.headers().firstValue("location")).hasValue("./");
        assertThat(runStarted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stop_whileRunning_showsStopping() throws Exception {
        runner.start();
        assertThat(runStarted.await(5, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> stopped = client.send(
                HttpRequest.newBuilder(uri("/stop"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(stopped.statusCode()).isEqualTo(303);
        assertThat(get("/").body()).contains("Stopping");
    }

    @Test
    void prune_keepsTheNewestReports() throws Exception {
        report("old", "2025-01-01T09:00:00Z");
        report("middle", "2025-01-01T10:00:00Z");
        report("new", "2025-01-01T11:00:00Z");
        Reports reports = new Reports(results);

        reports.prune(2);

        assertThat(reports.finished()).extracting(Reports.Report::name).containsExactly("new", "middle");
        assertThat(results.resolve("old")).doesNotExist();
    }

    private Path report(String name, String finishedAt) throws IOException {
        Path run = Files.createDirectories(results.resolve(name));
        Path index = Files.writeString(run.resolve("index.html"), "<html>report of " + name + "</html>");
        Files.setLastModifiedTime(index, FileTime.from(Instant.parse(finishedAt)));
        return run;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
