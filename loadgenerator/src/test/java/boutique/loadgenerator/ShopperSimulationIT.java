package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real simulations, run by Gatling for a few seconds against a fake frontend that records the requests. */
class ShopperSimulationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CHECKOUT_BODIES_WITHOUT_USER =
            TestPerson.ALL.stream().map(person -> person.checkoutBody("USER")).collect(Collectors.toSet());

    @TempDir
    Path results;

    private Settings settings(FakeShop shop, String users, String runTime) {
        return settings(shop.url(), users, runTime);
    }

    private Settings settings(String host, String users, String runTime) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LOCUST_HOST",
                host,
                "LOCUST_USERS",
                users,
                "LOCUST_SPAWN_RATE",
                "20",
                "LOCUST_RUN_TIME",
                runTime,
                "LOCUST_HEADLESS",
                "true",
                "LOADGEN_PAUSE_SCALE",
                "0.005",
                "LOADGEN_RESULTS_DIR",
                results.toString()));
        return Settings.fromEnvironment(env);
    }

    @Test
    void shoppers_sendTheReferenceRequestsWithTraceHeaders_andPassWhenNothingFails() throws Exception {
        List<FakeShop.Recorded> requests;
        int exitCode;
        try (FakeShop shop = new FakeShop(Set.of())) {
            exitCode = LoadGeneratorApplication.shoppers(settings(shop, "3", "4s"), GatlingRun.inProcess());
            requests = shop.requests();
        }

        assertThat(exitCode).isZero();
        assertThat(new Reports(results).finished()).hasSize(1);
        assertThat(requests).hasSizeGreaterThan(100);
        assertThat(requests.get(0).method() + " " + requests.get(0).path()).isEqualTo("GET /");

        // Headers on every request, a fresh trace per request.
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.headers()).containsEntry("baggage", "synthetic_request=true");
            assertThat(request.headers().get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        });
        // A followed redirect repeats its request's headers, as one client call; every call is its own trace.
        List<FakeShop.Recorded> calls =
                requests.stream().filter(r -> !r.path().equals("/api/data")).toList();
        Set<String> traceIds = calls.stream()
                .map(r -> r.headers().get("traceparent").substring(3, 35))
                .collect(Collectors.toSet());
        assertThat(traceIds).hasSize(calls.size());

        // Every kind of request appears, and nothing else.
        assertThat(requests).allSatisfy(request -> assertThat(kind(request)).isNotEqualTo("unexpected"));
        assertThat(requests.stream().map(ShopperSimulationIT::kind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "GET /",
                        "GET /api/products/{id}",
                        "GET /api/recommendations/",
                        "GET /api/data/",
                        "GET /api/data (redirected)",
                        "GET /api/cart",
                        "POST /api/cart",
                        "POST /api/checkout");

        // Each checkout pays for a cart its shopper filled just before, with one of the nine people.
        Map<String, Integer> cartPostsByUser = new HashMap<>();
        Set<String> checkedOut = new HashSet<>();
        for (FakeShop.Recorded request : requests) {
            if (request.path().equals("/api/cart") && request.method().equals("POST")) {
                JsonNode body = JSON.readTree(request.body());
                assertThat(request.headers()).containsEntry("content-type", "application/json");
                assertThat(Shop.PRODUCT_IDS)
                        .contains(body.get("item").get("productId").asText());
                assertThat(Shop.QUANTITIES)
                        .contains(body.get("item").get("quantity").asInt());
                String user = body.get("userId").asText();
                assertThat(UUID.fromString(user).toString()).isEqualTo(user);
                assertThat(checkedOut).as("a checked-out user is never reused").doesNotContain(user);
                cartPostsByUser.merge(user, 1, Integer::sum);
            }
            if (request.path().equals("/api/checkout")) {
                assertThat(request.query()).isNull();
                assertThat(request.headers()).containsEntry("content-type", "application/json");
                String user = JSON.readTree(request.body()).get("userId").asText();
                assertThat(cartPostsByUser.get(user))
                        .as("items in the cart of " + user)
                        .isBetween(1, 4);
                assertThat(CHECKOUT_BODIES_WITHOUT_USER)
                        .contains(request.body().replace("\"" + user + "\"", "\"USER\""));
                checkedOut.add(user);
            }
        }
        assertThat(checkedOut).isNotEmpty();
        assertThat(cartPostsByUser.values()).as("multi-item checkouts happen").anyMatch(count -> count >= 2);
    }

    @Test
    void shoppers_someRequestsFail_keepGoingAndExitNonZero() throws Exception {
        List<FakeShop.Recorded> requests;
        int exitCode;
        try (FakeShop shop = new FakeShop(Set.of("/api/cart"))) {
            exitCode = LoadGeneratorApplication.shoppers(settings(shop, "3", "3s"), GatlingRun.inProcess());
            requests = shop.requests();
        }

        assertThat(exitCode).isNotZero();
        assertThat(requests).anyMatch(hasPath("/api/checkout"));
        assertThat(requests.stream().filter(hasPath("/api/products/")).count()).isGreaterThan(10);
    }

    @Test
    void shoppers_shopUnreachable_exitNonZero() throws Exception {
        String nobody = "http://127.0.0.1:" + freePort();

        int exitCode = LoadGeneratorApplication.shoppers(settings(nobody, "1", "2s"), GatlingRun.inProcess());

        assertThat(exitCode).isNotZero();
    }

    @Test
    void capacity_printsATableWithEveryRequestType() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<FakeShop.Recorded> requests;
        try (FakeShop shop = new FakeShop(Set.of("/api/checkout"))) {
            int exitCode = LoadGeneratorApplication.capacity(
                    settings(shop, "2", "3s"),
                    GatlingRun.inProcess(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            requests = shop.requests();
            assertThat(exitCode).isZero();
        }

        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .contains(
                        "Capacity: 2 users, no pauses, 3 s",
                        "| request | requests | req/s | failures",
                        "| browse_product / GET /api/products/{id} |",
                        "| get_ads / GET /api/data/ |",
                        "| **all** |");
        long checkouts = requests.stream().filter(hasPath("/api/checkout")).count();
        // Every checkout failed (the fake answers 500), and the table says so, give or take those cut off.
        assertThat(failuresOf(table, "checkout / POST /api/checkout")
                        + failuresOf(table, "checkout_multi / POST /api/checkout"))
                .as(table)
                .isBetween(checkouts / 2, checkouts);
        assertThat(failuresOf(table, "browse_product / GET /api/products/{id}")).isZero();
        // The table counts the requests of the measured time; the shop may see a few more while Gatling stops.
        long calls =
                requests.stream().filter(r -> !r.path().equals("/api/data")).count();
        assertThat(requestsOf(table, "**all**")).as(table).isBetween(calls / 2, calls);
    }

    private static long failuresOf(String table, String type) {
        return column(table, type, 4);
    }

    private static long requestsOf(String table, String type) {
        return column(table, type, 2);
    }

    private static long column(String table, String type, int column) {
        return table.lines()
                .filter(line -> line.startsWith("| " + type + " |"))
                .map(line -> Long.parseLong(line.split("\\|")[column].trim()))
                .findFirst()
                .orElse(0L);
    }

    private static Predicate<FakeShop.Recorded> hasPath(String prefix) {
        return request ->
                prefix.equals("/") ? request.path().equals("/") : request.path().startsWith(prefix);
    }

    /** The request kinds of the locustfile, checked down to the query string. */
    private static String kind(FakeShop.Recorded r) {
        String oneProduct = "productIds=(" + String.join("|", Shop.PRODUCT_IDS) + ")";
        if (r.method().equals("GET") && r.path().equals("/") && r.query() == null) {
            return "GET /";
        }
        if (r.method().equals("GET")
                && r.path().startsWith("/api/products/")
                && r.query() == null
                && Shop.PRODUCT_IDS.contains(r.path().substring("/api/products/".length()))) {
            return "GET /api/products/{id}";
        }
        if (r.method().equals("GET")
                && r.path().equals("/api/recommendations/")
                && r.query() != null
                && r.query().matches(oneProduct)) {
            return "GET /api/recommendations/";
        }
        if (r.method().equals("GET")
                && r.path().equals("/api/data/")
                && r.query() != null
                && r.query().matches(oneProduct)) {
            return "GET /api/data/";
        }
        if (r.method().equals("GET")
                && r.path().equals("/api/data")
                && r.query() != null
                && r.query().matches(oneProduct)) {
            return "GET /api/data (redirected)";
        }
        if (r.method().equals("GET") && r.path().equals("/api/cart") && r.query() == null) {
            return "GET /api/cart";
        }
        if (r.method().equals("POST") && r.path().equals("/api/cart") && r.query() == null) {
            return "POST /api/cart";
        }
        if (r.method().equals("POST") && r.path().equals("/api/checkout") && r.query() == null) {
            return "POST /api/checkout";
        }
        return "unexpected";
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
