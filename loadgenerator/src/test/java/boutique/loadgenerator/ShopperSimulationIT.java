package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real simulations, run by Gatling for a few seconds against a fake frontend that records the requests. */
class ShopperSimulationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CHECKOUT_BODIES_WITHOUT_USER =
            TestPerson.ALL.stream().map(person -> person.checkoutBody("USER")).collect(Collectors.toSet());

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

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
    void shoppers_sendTheReferenceRequestsWithSyntheticBaggage_andPassWhenNothingFails() throws Exception {
        List<FakeShop.Recorded> requests;
        int exitCode;
        try (FakeShop shop = new FakeShop(Set.of())) {
            exitCode = LoadGeneratorApplication.shoppers(
                    settings(shop, "3", "4s"), GatlingRun.inProcess(), Telemetry.off());
            requests = shop.requests();
        }

        assertThat(exitCode).isZero();
        assertThat(new Reports(results).finished()).hasSize(1);
        assertThat(requests).hasSizeGreaterThan(100);
        assertThat(requests.get(0).method() + " " + requests.get(0).path()).isEqualTo("GET /");

        // The baggage on every request; with telemetry off, no trace context that would name a span nobody has.
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.headers()).containsEntry("baggage", "synthetic_request=true");
            assertThat(request.headers()).doesNotContainKey("traceparent");
        });

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
    void shoppers_withTelemetry_sendEachRequestInsideItsTaskSpan_exportedAfterTheRequest() throws Exception {
        Set<FakeShop.Recorded> arrivedAfterItsSpanEnded = ConcurrentHashMap.newKeySet();
        List<FakeShop.Recorded> requests;
        int exitCode;
        try (FakeShop shop = new FakeShop(Set.of(), request -> {
            if (spanNamedBy(request).isPresent()) {
                arrivedAfterItsSpanEnded.add(request);
            }
        })) {
            exitCode = LoadGeneratorApplication.shoppers(
                    settings(shop, "3", "4s"), GatlingRun.inProcess(), Telemetry.tasksOnly(otel.getOpenTelemetry()));
            requests = shop.requests();
        }
        List<SpanData> spans = otel.getSpans();

        assertThat(exitCode).isZero();
        assertThat(requests).hasSizeGreaterThan(100);
        // Every request names a span the load generator exported: the span of the task that sent it.
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.headers()).containsEntry("baggage", "synthetic_request=true");
            assertThat(request.headers().get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
            SpanData span = spanOf(request);
            assertThat(tasksSending(kind(request))).as(kind(request)).contains(span.getName());
        });
        // Each task span is a root CLIENT span of its own trace, marked synthetic.
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("loadgenerator");
            assertThat(span.getAttributes().get(AttributeKey.booleanKey("app.synthetic_request")))
                    .isTrue();
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        });
        assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(spans.size());
        assertThat(spans.stream().filter(span -> span.getName().equals("on_start")))
                .hasSize(3);
        // A task span ends after its requests, unless the run's end cut the task short (and the span says so).
        assertThat(arrivedAfterItsSpanEnded)
                .allSatisfy(request -> assertThat(spanNamedBy(request)
                                .orElseThrow()
                                .getAttributes()
                                .get(TaskSpans.CUT_SHORT))
                        .as("span of " + request)
                        .isTrue());
        // One span per task, not per request: a cart-filling task's requests share one span.
        Map<String, Set<String>> spansByUser = new HashMap<>();
        for (FakeShop.Recorded request : requests) {
            if (request.method().equals("POST")) {
                String user = JSON.readTree(request.body()).get("userId").asText();
                spansByUser
                        .computeIfAbsent(user, u -> new HashSet<>())
                        .add(request.headers().get("traceparent"));
            }
        }
        assertThat(spansByUser.values()).allSatisfy(named -> assertThat(named).hasSize(1));
        assertThat(spansByUser.values().stream().flatMap(Set::stream).distinct())
                .hasSize(spansByUser.size());
        assertThat(requests.stream().filter(r -> r.method().equals("POST")).count())
                .isGreaterThan(spansByUser.size());
    }

    @Test
    void shoppers_someRequestsFail_keepGoingAndExitNonZero_andTheirTaskSpansAreErrors() throws Exception {
        List<FakeShop.Recorded> requests;
        int exitCode;
        try (FakeShop shop = new FakeShop(Set.of("/api/cart"))) {
            exitCode = LoadGeneratorApplication.shoppers(
                    settings(shop, "3", "3s"), GatlingRun.inProcess(), Telemetry.tasksOnly(otel.getOpenTelemetry()));
            requests = shop.requests();
        }

        assertThat(exitCode).isNotZero();
        assertThat(requests).anyMatch(hasPath("/api/checkout"));
        assertThat(requests.stream().filter(hasPath("/api/products/")).count()).isGreaterThan(10);
        // The tasks that got a 500 are error spans (unless cut short before the answer); the others are not.
        List<SpanData> failedTasks = requests.stream()
                .filter(hasPath("/api/cart"))
                .map(request -> spanOf(request))
                .filter(span -> span.getAttributes().get(TaskSpans.CUT_SHORT) == null)
                .toList();
        assertThat(failedTasks).isNotEmpty().allSatisfy(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(span.getStatus().getDescription()).isEqualTo("a request of the task failed");
        });
        assertThat(otel.getSpans().stream().filter(span -> span.getName().equals("browse_product")))
                .isNotEmpty()
                .allSatisfy(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
    }

    @Test
    void shoppers_shopUnreachable_exitNonZero() throws Exception {
        String nobody = "http://127.0.0.1:" + ServiceProcess.freePort();

        int exitCode =
                LoadGeneratorApplication.shoppers(settings(nobody, "1", "2s"), GatlingRun.inProcess(), Telemetry.off());

        assertThat(exitCode).isNotZero();
    }

    @Test
    void capacity_printsATableWithEveryRequestType_andTracesItsTasks() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<FakeShop.Recorded> requests;
        try (FakeShop shop = new FakeShop(Set.of("/api/checkout"))) {
            int exitCode = LoadGeneratorApplication.capacity(
                    settings(shop, "2", "3s"),
                    GatlingRun.inProcess(),
                    Telemetry.tasksOnly(otel.getOpenTelemetry()),
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
        // Every request names its exported task span; a checkout's span is an error, as its last request failed.
        assertThat(requests)
                .allSatisfy(request -> assertThat(tasksSending(kind(request)))
                        .contains(spanOf(request).getName()));
        assertThat(requests.stream()
                        .filter(hasPath("/api/checkout"))
                        .map(request -> spanOf(request))
                        .filter(span -> span.getAttributes().get(TaskSpans.CUT_SHORT) == null))
                .allSatisfy(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    }

    /** The exported span a request's {@code traceparent} names. */
    private SpanData spanOf(FakeShop.Recorded request) {
        return spanNamedBy(request)
                .orElseThrow(() -> new AssertionError("no exported span named by " + request + " among "
                        + otel.getSpans().size() + " spans"));
    }

    /** The exported span a request's {@code traceparent} names, if there is one. */
    private Optional<SpanData> spanNamedBy(FakeShop.Recorded request) {
        String traceparent = request.headers().get("traceparent");
        if (traceparent == null) {
            return Optional.empty();
        }
        String[] parts = traceparent.split("-");
        return otel.getSpans().stream()
                .filter(span ->
                        span.getTraceId().equals(parts[1]) && span.getSpanId().equals(parts[2]))
                .findFirst();
    }

    /** The tasks (and the on-start step) that send a kind of request. */
    static Set<String> tasksSending(String kind) {
        return switch (kind) {
            case "GET /" -> Set.of("on_start", "index");
            case "GET /api/products/{id}" -> Set.of("browse_product", "add_to_cart", "checkout", "checkout_multi");
            case "GET /api/recommendations/" -> Set.of("get_recommendations");
            case "GET /api/data/", "GET /api/data (redirected)" -> Set.of("get_ads");
            case "GET /api/cart" -> Set.of("view_cart");
            case "POST /api/cart" -> Set.of("add_to_cart", "checkout", "checkout_multi");
            case "POST /api/checkout" -> Set.of("checkout", "checkout_multi");
            default -> Set.of();
        };
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
    static String kind(FakeShop.Recorded r) {
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
}
