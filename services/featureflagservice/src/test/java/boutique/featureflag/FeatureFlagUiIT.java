package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ScratchDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The admin UI over real HTTP on a random port, as a browser uses it, on a scratch database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FeatureFlagUiIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static ScratchDatabase scratch;

    @LocalServerPort
    int port;

    @Autowired
    FlagStore store;

    private HttpClient browser;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        scratch = StoreFixture.scratchDatabaseFor(registry, "ffs_test");
    }

    @AfterAll
    static void drop() {
        scratch.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Test
    void home_listsEverySeededFlagWithNewLink() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).get().asString().startsWith("text/html");
        assertThat(page.body()).contains("Listing Feature flags", "New Feature flag", "href=\"/featureflags/new\"");
        FlagStoreIT.SCENARIOS.forEach(name -> assertThat(page.body()).contains(">" + name + "<"));
        assertThat(get("/featureflags").body()).contains("Listing feature flags");
    }

    @Test
    void create_validForm_redirectsToTheFlagWithFlash() throws Exception {
        HttpResponse<String> created =
                submit("/featureflags/new", "/featureflags", form("uiCreated", "made in the browser", "0.25"));
        assertThat(created.statusCode()).isEqualTo(302);
        Flag flag = store.byName("uiCreated").orElseThrow();
        assertThat(flag.probability()).isEqualTo(0.25);
        assertThat(created.headers().firstValue("location")).contains("/featureflags/" + flag.id());

        HttpResponse<String> shown = get("/featureflags/" + flag.id());
        assertThat(shown.body())
                .contains(
                        "Show feature flag",
                        "Feature flag created successfully.",
                        "uiCreated",
                        "made in the browser",
                        "0.25",
                        "on for 25 % of calls");
        assertThat(get("/featureflags/" + flag.id()).body()).doesNotContain("Feature flag created successfully.");
    }

    @Test
    void create_duplicateName_isRefusedWithTheFormAndTakenError() throws Exception {
        HttpResponse<String> page =
                submit("/featureflags/new", "/featureflags", form("productCatalogFailure", "again", "1"));
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body())
                .contains("Oops, something went wrong! Please check the errors below.", "has already been taken");
        assertThat(store.byName("productCatalogFailure"))
                .get()
                .extracting(Flag::probability)
                .isEqualTo(0.0);
    }

    @Test
    void create_blankFields_isRefusedWithCantBeBlank() throws Exception {
        HttpResponse<String> page = submit("/featureflags/new", "/featureflags", form(" ", "", ""));
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("Oops, something went wrong! Please check the errors below.");
        assertThat(Pattern.compile("can&#39;t be blank|can't be blank")
                        .matcher(page.body())
                        .results()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void create_nameOver100OrDescriptionOver1000Characters_isRefusedWithItsMessage() throws Exception {
        HttpResponse<String> page =
                submit("/featureflags/new", "/featureflags", form("n".repeat(101), "d".repeat(1_001), "0"));
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body())
                .contains("should be at most 100 character(s)", "should be at most 1000 character(s)")
                .contains("maxlength=\"100\"", "maxlength=\"1000\"");
        assertThat(store.byName("n".repeat(101))).isEmpty();
    }

    @Test
    void edit_descriptionOver1000Characters_isRefusedAndKeepsTheFlag() throws Exception {
        Flag flag = store.create("uiEditTooLong", "before", 0);
        Map<String, String> fields = form("uiEditTooLong", "d".repeat(1_001), "1");
        fields.put("_method", "put");
        HttpResponse<String> page =
                submit("/featureflags/" + flag.id() + "/edit", "/featureflags/" + flag.id(), fields);
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("should be at most 1000 character(s)");
        assertThat(store.byId(flag.id())).get().extracting(Flag::description).isEqualTo("before");
    }

    @Test
    void post_declaredBodyOverTheLimit_is413WithJsonError_unread() throws Exception {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/featureflags"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("feature_flag[name]=" + "x".repeat(40_000))));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("content-type"))
                .get()
                .asString()
                .startsWith("application/json");
        assertThat(refused.body()).isEqualTo("{\"error\": \"request body must be at most 32768 bytes\"}");
        assertThat(store.byName("x".repeat(40_000))).isEmpty();
    }

    @Test
    void post_chunkedFormOverTheLimit_is413WithJsonError() throws Exception {
        byte[] body = ("_csrf=x&feature_flag[name]=" + "x".repeat(40_000)).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/featureflags"))
                .header("content-type", "application/x-www-form-urlencoded")
                // A stream of unknown length goes out chunked, without Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("{\"error\": \"request body must be at most 32768 bytes\"}");
    }

    @Test
    void create_probabilityOutOfRange_isRefusedWithItsMessage() throws Exception {
        HttpResponse<String> page = submit("/featureflags/new", "/featureflags", form("uiTooLikely", "x", "1.5"));
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).contains("must be between 0 and 1");
        assertThat(page.body()).contains("type=\"number\"", "min=\"0\"", "max=\"1\"", "step=\"0.01\"");
        assertThat(store.byName("uiTooLikely")).isEmpty();
    }

    @Test
    void edit_changesNameDescriptionAndProbability() throws Exception {
        Flag flag = store.create("uiEdit", "before", 0);
        String editPage = "/featureflags/" + flag.id() + "/edit";
        assertThat(get(editPage).body()).contains("Edit feature flag", "value=\"uiEdit\"", "value=\"before\"");
        Map<String, String> fields = form("uiEdited", "after", "0.5");
        fields.put("_method", "put");
        HttpResponse<String> updated = submit(editPage, "/featureflags/" + flag.id(), fields);
        assertThat(updated.statusCode()).isEqualTo(302);
        assertThat(get("/featureflags/" + flag.id()).body())
                .contains("Feature flag updated successfully.", "uiEdited", "after");
        assertThat(store.byId(flag.id())).get().extracting(Flag::probability).isEqualTo(0.5);
    }

    @Test
    void toggle_switchesAFlagOnAndOffInOneClick() throws Exception {
        Flag flag = store.byName("adServiceFailure").orElseThrow();
        String toggle = "/featureflags/" + flag.id() + "/toggle";
        assertThat(submit("/featureflags", toggle, Map.of()).statusCode()).isEqualTo(302);
        assertThat(store.byId(flag.id())).get().extracting(Flag::probability).isEqualTo(1.0);
        assertThat(get("/featureflags").body()).contains("Feature flag adServiceFailure is now on.");
        submit("/featureflags", toggle, Map.of());
        assertThat(store.byId(flag.id())).get().extracting(Flag::probability).isEqualTo(0.0);
    }

    @Test
    void delete_removesTheFlagAndSaysSo() throws Exception {
        Flag flag = store.create("uiDelete", "to delete", 0);
        HttpResponse<String> deleted =
                submit("/featureflags", "/featureflags/" + flag.id(), Map.of("_method", "delete"));
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(deleted.headers().firstValue("location")).contains("/featureflags");
        assertThat(get("/featureflags").body())
                .contains("Feature flag deleted successfully.")
                .doesNotContain(">uiDelete<");
        assertThat(store.byId(flag.id())).isEmpty();
    }

    @Test
    void post_withoutCsrfToken_isForbiddenAndChangesNothing() throws Exception {
        get("/featureflags");
        HttpResponse<String> refused = post("/featureflags", form("uiForged", "no token", "1"));
        assertThat(refused.statusCode()).isEqualTo(403);
        Map<String, String> wrongToken = form("uiForged", "wrong token", "1");
        wrongToken.put("_csrf", "not-the-token");
        assertThat(post("/featureflags", wrongToken).statusCode()).isEqualTo(403);
        assertThat(store.byName("uiForged")).isEmpty();
    }

    @Test
    void scriptInAName_isShownEscaped() throws Exception {
        submit("/featureflags/new", "/featureflags", form("<script>alert(1)</script>", "<b>bold</b>", "0"));
        Flag flag = store.byName("<script>alert(1)</script>").orElseThrow();
        for (String path :
                new String[] {"/featureflags", "/featureflags/" + flag.id(), "/featureflags/" + flag.id() + "/edit"}) {
            String body = get(path).body();
            assertThat(body)
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .doesNotContain("<script>alert(1)")
                    .doesNotContain("<b>bold</b>");
        }
    }

    @Test
    void unknownFlag_isNotFoundPage() throws Exception {
        for (String path : new String[] {"/featureflags/999999", "/featureflags/abc/edit"}) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("Not Found");
        }
    }

    @Test
    void behindTheProxy_everyLinkFormAndRedirectCarriesThePrefix() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("//featureflags"))
                .header("X-Forwarded-Prefix", "/feature")
                .GET());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher urls = Pattern.compile("(?:href|action)=\"([^\"]*)\"").matcher(page.body());
        int count = 0;
        while (urls.find()) {
            assertThat(urls.group(1)).startsWith("/feature/");
            count++;
        }
        assertThat(count).isGreaterThan(30);
        assertThat(page.body()).contains("href=\"/feature/assets/app.css\"");

        Flag flag = store.create("uiProxied", "behind the proxy", 0);
        String token = token(page.body());
        HttpResponse<String> toggled = send(HttpRequest.newBuilder(uri("//featureflags/" + flag.id() + "/toggle"))
                .header("X-Forwarded-Prefix", "/feature")
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token)));
        assertThat(toggled.statusCode()).isEqualTo(302);
        assertThat(toggled.headers().firstValue("location")).contains("/feature/featureflags");
        assertThat(get("/assets/app.css").statusCode()).isEqualTo(200);
    }

    @Test
    void prefixHeaderWithMarkup_isIgnored() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/featureflags"))
                .header("X-Forwarded-Prefix", "/\"><script>x</script>")
                .GET());
        assertThat(page.body()).contains("href=\"/featureflags/new\"").doesNotContain("<script>x");
    }

    private static Map<String, String> form(String name, String description, String enabled) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("feature_flag[name]", name);
        fields.put("feature_flag[description]", description);
        fields.put("feature_flag[enabled]", enabled);
        return fields;
    }

    /** Opens the page holding the form, then posts the form with the page's token, as a browser does. */
    private HttpResponse<String> submit(String formPage, String action, Map<String, String> fields)
            throws IOException, InterruptedException {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", token(get(formPage).body()));
        return post(action, withToken);
    }

    private HttpResponse<String> post(String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(uri(path)).header("accept", "text/html").GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String token(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
