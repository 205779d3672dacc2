package boutique.loadgenerator;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusServerTests {

    @TempDir
    Path results;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("(?:href|action)=\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch runStarted = new CountDownLatch(1);
    private final CountDownLatch releaseRun = new CountDownLatch(1);
    private final List<ShopperRunner> runners = new ArrayList<>();
    private final List<StatusServer> servers = new ArrayList<>();
    private ShopperRunner runner;
    private StatusServer server;

    @BeforeEach
    void startServer() throws InterruptedException {
        server = serve("http://shop.test:8080", StatusServer.IDLE_TIMEOUT);
        runner = runners.get(0);
    }

    @AfterEach
    void stopServer() {
        runners.forEach(ShopperRunner::stop);
        releaseRun.countDown();
        servers.forEach(StatusServer::close);
    }

    /** A status server on a free port for shoppers against {@code host}, whose runs wait for releaseRun. */
    private StatusServer serve(String host, Duration idleTimeout) throws InterruptedException {
        Map<String, String> env = new HashMap<>(
                Map.of("LOCUST_HOST", host, "LOCUST_USERS", "7", "LOADGEN_RESULTS_DIR", results.toString()));
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
        ShopperRunner shoppers = new ShopperRunner(settings, reports, gatling, Clock.systemUTC());
        StatusServer started = new StatusServer(0, shoppers, reports, idleTimeout);
        runners.add(shoppers);
        servers.add(started);
        started.start();
        return started;
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
    void statusJson_showsTheRunStateSettingsAndReportsNewestFirst() throws Exception {
        report("shoppersimulation-20250101100000000", "2025-01-01T10:05:00Z");
        report("shoppersimulation-20250101101000000", "2025-01-01T10:15:00Z");

        HttpResponse<String> idle = get("/status.json");
        runner.start();
        assertThat(runStarted.await(5, TimeUnit.SECONDS)).isTrue();
        JsonNode running = JSON.readTree(get("//status.json").body());

        assertThat(idle.statusCode()).isEqualTo(200);
        assertThat(idle.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode status = JSON.readTree(idle.body());
        assertThat(status.get("state").asText()).isEqualTo("idle");
        assertThat(status.get("startedAt").isNull()).isTrue();
        assertThat(status.get("settings").get("host").asText()).isEqualTo("http://shop.test:8080");
        assertThat(status.get("settings").get("users").asInt()).isEqualTo(7);
        assertThat(status.get("settings").get("runTimeSeconds").isNull()).isTrue();
        assertThat(status.get("settings").get("reportIntervalSeconds").asLong()).isEqualTo(300);
        assertThat(status.get("reports"))
                .extracting(report -> report.get("name").asText() + " "
                        + report.get("finishedAt").asText())
                .containsExactly(
                        "shoppersimulation-20250101101000000 2025-01-01T10:15:00Z",
                        "shoppersimulation-20250101100000000 2025-01-01T10:05:00Z");
        assertThat(status.get("reports").get(0).get("href").asText())
                .isEqualTo("reports/shoppersimulation-20250101101000000/index.html");
        assertThat(running.get("state").asText()).isEqualTo("running");
        assertThat(running.get("runsStarted").asInt()).isEqualTo(1);
        assertThat(Instant.parse(running.get("startedAt").asText()))
                .isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void hostileReportNameAndSetting_areEscapedInThePage_exactInTheJson_andTheirLinksWork() throws Exception {
        String host = "http://shop.test:8080/\"><script>alert('host')</script>&x=1";
        String name = "<img src=x onerror=alert(1)>\"&'%2e ?#";
        report(name, "2025-01-01T10:05:00Z");
        StatusServer hostile = serve(host, StatusServer.IDLE_TIMEOUT);

        String page = get(hostile, "/").body();
        JsonNode status = JSON.readTree(get(hostile, "/status.json").body());

        assertThat(page).doesNotContain("<script>", "<img", "\"&", "alert('host')");
        assertThat(page).contains("&lt;script&gt;", "&lt;img src");
        assertThat(status.get("settings").get("host").asText()).isEqualTo(host);
        assertThat(status.get("reports").get(0).get("name").asText()).isEqualTo(name);
        String pageLink = links(page).stream()
                .filter(link -> link.startsWith("reports/"))
                .findFirst()
                .orElseThrow();
        String jsonLink = status.get("reports").get(0).get("href").asText();
        assertThat(unescapeHtml(pageLink)).isEqualTo(jsonLink);
        HttpResponse<String> opened = get(hostile, "/" + jsonLink);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).isEqualTo("<html>report of " + name + "</html>");
    }

    @Test
    void page_behindTheProxyWithAForwardedPrefix_hasOnlyRelativeLinks() throws Exception {
        report("shoppersimulation-20250101100000000", "2025-01-01T10:05:00Z");

        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(uri("/"))
                        .header("X-Forwarded-Prefix", "/loadgen")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(links(page.body()))
                .contains("start", "status.json", "reports/shoppersimulation-20250101100000000/index.html")
                .allSatisfy(link -> assertThat(link).doesNotStartWith("/").doesNotContain("//"));
    }

    @Test
    void errors_areJsonWithTheAllowedMethods() throws Exception {
        HttpResponse<String> unknown = get("/stats/requests");
        HttpResponse<String> posted = client.send(
                HttpRequest.newBuilder(uri("/status.json"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not found: /stats/requests");
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(JSON.readTree(posted.body()).get("error").asText()).contains("GET");
    }

    @Test
    void start_withABodyOverTheLimit_isRefused413_andDoesNotStart() throws Exception {
        HttpResponse<String> refused = client.send(
                HttpRequest.newBuilder(uri("/start"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(StatusServer.MAX_BODY_BYTES + 1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(runner.status().state()).isEqualTo(ShopperRunner.State.IDLE);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void request_withAnOversizedTargetOrHeaders_isRefused() throws Exception {
        HttpResponse<String> longTarget = get("/reports/" + "a".repeat(StatusServer.MAX_REQUEST_LINE));
        HttpResponse<String> bigHeaders = client.send(
                HttpRequest.newBuilder(uri("/"))
                        .header("X-Padding", "p".repeat(StatusServer.MAX_HEADER_BYTES))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(longTarget.statusCode()).isEqualTo(414);
        assertThat(JSON.readTree(longTarget.body()).get("error").asText()).contains("request line");
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void stalledClient_doesNotHoldUpOthers_andIsDisconnectedOnceIdle() throws Exception {
        StatusServer quick = serve("http://shop.test:8080", Duration.ofSeconds(1));
        try (Socket stalled = new Socket("127.0.0.1", quick.port())) {
            stalled.getOutputStream().write("GET / HTTP/1.1\r\nHost: stalled\r\nX-Half".getBytes(US_ASCII));
            stalled.getOutputStream().flush();

            assertThat(get(quick, "/").statusCode()).isEqualTo(200);

            // Closed by the server after its one idle second: the read ends instead of waiting forever.
            stalled.setSoTimeout(30_000);
            assertThat(stalled.getInputStream().read()).isEqualTo(-1);
        }
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
        return get(server, path);
    }

    private HttpResponse<String> get(StatusServer target, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(target, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return uri(server, path);
    }

    private static URI uri(StatusServer target, String path) {
        return URI.create("http://127.0.0.1:" + target.port() + path);
    }

    /** Every href and action of a page, as written in its HTML. */
    private static List<String> links(String page) {
        return LINK.matcher(page).results().map(match -> match.group(1)).toList();
    }

    private static String unescapeHtml(String attribute) {
        return attribute
                .replace("&#61;", "=")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
