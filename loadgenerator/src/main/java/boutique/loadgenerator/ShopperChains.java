package boutique.loadgenerator;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reference shopper's requests as Gatling chains, shared by the shopper simulation and the capacity
 * benchmark. Each task runs in a Gatling group named after the locustfile's task, so a report counts tasks.
 */
final class ShopperChains {

    static final String JSON = "application/json";

    private final Measurements measurements;
    private final TaskSpans spans;

    private ShopperChains(Measurements measurements, TaskSpans spans) {
        this.measurements = measurements;
        this.spans = spans;
    }

    /** The chains as the shoppers run them, a span per task; Gatling's report is the record. */
    static ShopperChains unmeasured(TaskSpans spans) {
        return new ShopperChains(null, spans);
    }

    /** The chains with each request's outcome also recorded in {@code measurements}, for the benchmark table. */
    static ShopperChains measuredBy(Measurements measurements, TaskSpans spans) {
        return new ShopperChains(measurements, spans);
    }

    /**
     * Requests go straight to the frontend with the reference client's headers, the synthetic baggage, and the
     * trace context of their task's span. A status of 400 or more fails a request, as Locust counts it; an
     * explicit status check replaces Gatling's stricter default (2xx or 304).
     */
    static HttpProtocolBuilder protocol(String host, TaskSpans spans) {
        HttpProtocolBuilder protocol = http.baseUrl(host)
                .disableWarmUp()
                // Like Python's requests: no HTTP cache, so every task sends its request, even after a 308.
                .disableCaching()
                .acceptHeader("*/*")
                .acceptEncodingHeader("gzip, deflate")
                .userAgentHeader("boutique-loadgenerator")
                .header("baggage", "synthetic_request=true")
                .check(status().lt(400));
        return spans.sendTraceparent() ? protocol.header("traceparent", spans::traceparent) : protocol;
    }

    /** What a shopper does once when it starts: open the home page. */
    ChainBuilder onStart() {
        return group("on_start").on(traced("on_start", send("on_start", "GET /", index())));
    }

    /** One task drawn by weight, then run. */
    ChainBuilder randomTask() {
        List<Choice.WithKey> choices = Arrays.stream(Task.values())
                .map(task ->
                        onCase(task.taskName()).then(group(task.taskName()).on(traced(task.taskName(), chainOf(task)))))
                .toList();
        return exec(session -> session.set(
                        "task", Task.pick(ThreadLocalRandom.current()).taskName()))
                .doSwitch("#{task}")
                .on(choices);
    }

    ChainBuilder chainOf(Task task) {
        String group = task.taskName();
        return switch (task) {
            case INDEX -> send(group, "GET /", index());
            case BROWSE_PRODUCT -> withRandomProduct().exec(send(group, "GET /api/products/{id}", getProduct()));
            case GET_RECOMMENDATIONS ->
                withRandomProduct()
                        .exec(send(
                                group,
                                "GET /api/recommendations/",
                                http("GET /api/recommendations/")
                                        .get("/api/recommendations/")
                                        .queryParam("productIds", "#{productId}")));
            case GET_ADS ->
                withRandomProduct()
                        .exec(send(
                                group,
                                "GET /api/data/",
                                http("GET /api/data/").get("/api/data/").queryParam("productIds", "#{productId}")));
            case VIEW_CART -> send(group, "GET /api/cart", http("GET /api/cart").get("/api/cart"));
            case ADD_TO_CART -> withNewUser().exec(addToCart(group));
            case CHECKOUT -> withNewUser().exec(addToCart(group)).exec(send(group, "POST /api/checkout", placeOrder()));
            case CHECKOUT_MULTI ->
                withNewUser()
                        .exec(session -> session.set("items", Shop.randomMultiCheckoutItems()))
                        .repeat(session -> session.getInt("items"))
                        .on(addToCart(group))
                        .exec(send(group, "POST /api/checkout", placeOrder()));
        };
    }

    /** The task inside its span: started before its first request, ended after its last. */
    private ChainBuilder traced(String task, ChainBuilder chain) {
        return exec(session -> spans.start(session, task)).exec(chain).exec(spans::end);
    }

    private static HttpRequestActionBuilder index() {
        return http("GET /").get("/");
    }

    private static HttpRequestActionBuilder getProduct() {
        return http("GET /api/products/{id}").get("/api/products/#{productId}");
    }

    /** Look at a product, then put some of it in the cart: a fresh product and quantity each time. */
    private ChainBuilder addToCart(String group) {
        return exec(session -> session.set("productId", Shop.randomProduct()).set("quantity", Shop.randomQuantity()))
                .exec(send(group, "GET /api/products/{id}", getProduct()))
                .exec(send(
                        group,
                        "POST /api/cart",
                        http("POST /api/cart")
                                .post("/api/cart")
                                .header("Content-Type", JSON)
                                .body(StringBody(session -> Shop.cartBody(
                                        session.getString("productId"),
                                        session.getInt("quantity"),
                                        session.getString("userId"))))));
    }

    /**
     * One request; when measuring, its outcome is recorded under "task / request". Gatling's failed mark sticks
     * to a session, so it is cleared before the request to read this request's own outcome afterwards.
     */
    private ChainBuilder send(String group, String name, HttpRequestActionBuilder request) {
        if (measurements == null) {
            return exec(request);
        }
        String type = group + " / " + name;
        return exec(session -> session.markAsSucceeded().remove("responseTime"))
                .exec(request.check(responseTimeInMillis().saveAs("responseTime")))
                .exec(session -> {
                    measurements.record(
                            type,
                            session.isFailed(),
                            session.contains("responseTime") ? session.getInt("responseTime") : null);
                    if (session.isFailed()) {
                        spans.markFailed(session);
                    }
                    return session;
                });
    }

    private static HttpRequestActionBuilder placeOrder() {
        return http("POST /api/checkout")
                .post("/api/checkout")
                .header("Content-Type", JSON)
                .body(StringBody(session -> Shop.randomPerson().checkoutBody(session.getString("userId"))));
    }

    private static ChainBuilder withRandomProduct() {
        return exec(session -> session.set("productId", Shop.randomProduct()));
    }

    // Every cart-filling task is a new shopper id. A random (version 4) UUID serves as well as the reference's
    // time-based (version 1) one: the services only need the id to be unique.
    private static ChainBuilder withNewUser() {
        return exec(session -> session.set("userId", UUID.randomUUID().toString()));
    }
}
