package boutique.launcher;

import boutique.kit.testing.CatalogProducts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shoppers that keep using the shop over its HTTP API while the test breaks things: some fill carts (and the
 * test later checks that every add the shop confirmed is still there), some place orders. Every answer is
 * sorted: fine, a 503 for a backend that is down, the frontend unreachable while it restarts, or a failure
 * the shop must never give (another 5xx, a 4xx for a well-formed request, no answer within 30 s).
 */
final class Shoppers implements AutoCloseable {

    static final List<String> PRODUCTS = CatalogProducts.IDS;

    private static final Duration HANG = Duration.ofSeconds(30);

    private final String frontend;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** user -> product -> quantity the shop confirmed (200) / sent in any request. */
    private final Map<String, Map<String, AtomicInteger>> confirmed = new ConcurrentHashMap<>();

    private final Map<String, Map<String, AtomicInteger>> attempted = new ConcurrentHashMap<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder frontendDown = new LongAdder();
    private final LongAdder orders = new LongAdder();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();

    Shoppers(String frontend) {
        this.frontend = frontend;
    }

    /** Starts {@code fillers} shoppers filling carts and {@code buyers} placing orders. */
    Shoppers start(int fillers, int buyers) {
        for (int i = 0; i < fillers; i++) {
            String user = "reliability-filler-" + i + "-" + System.nanoTime();
            threads.add(new Thread(() -> fill(user), "filler-" + i));
        }
        for (int i = 0; i < buyers; i++) {
            int n = i;
            threads.add(new Thread(() -> buy(n), "buyer-" + i));
        }
        threads.forEach(Thread::start);
        return this;
    }

    private void fill(String user) {
        while (running) {
            String product = PRODUCTS.get(ThreadLocalRandom.current().nextInt(PRODUCTS.size()));
            int quantity = 1 + ThreadLocalRandom.current().nextInt(3);
            count(attempted, user, product, quantity);
            Integer status = send(post(
                    "/api/cart",
                    "{\"userId\":\"" + user + "\",\"item\":{\"productId\":\"" + product + "\",\"quantity\":" + quantity
                            + "}}"));
            if (status != null && status == 200) {
                count(confirmed, user, product, quantity);
            }
            send(HttpRequest.newBuilder(URI.create(frontend + "/api/products/" + product + "?currencyCode=EUR"))
                    .timeout(HANG)
                    .GET()
                    .build());
            pause();
        }
    }

    private void buy(int n) {
        while (running) {
            String user = "reliability-buyer-" + n + "-" + System.nanoTime();
            String product = PRODUCTS.get(ThreadLocalRandom.current().nextInt(PRODUCTS.size()));
            Integer added = send(post(
                    "/api/cart",
                    "{\"userId\":\"" + user + "\",\"item\":{\"productId\":\"" + product + "\",\"quantity\":1}}"));
            if (added != null && added == 200) {
                Integer placed = send(post("/api/checkout", """
                        {"userId":"%s","userCurrency":"EUR","email":"someone@example.com",
                         "address":{"streetAddress":"1600 Amphitheatre Parkway","city":"Mountain View",
                                    "state":"CA","country":"United States","zipCode":94043},
                         "creditCard":{"creditCardNumber":"4432-8015-6152-0454","creditCardCvv":672,
                                       "creditCardExpirationYear":2039,"creditCardExpirationMonth":1}}
                        """.formatted(user)));
                if (placed != null && placed == 200) {
                    orders.increment();
                }
            }
            pause();
        }
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(frontend + path))
                .timeout(HANG)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** The status, or null when the frontend could not be reached (it is restarting). */
    private Integer send(HttpRequest request) {
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200 || status == 204) {
                ok.increment();
            } else if (status == 503) {
                unavailable.increment();
            } else {
                failures.add(request.method() + " " + request.uri().getPath() + " answered " + status + ": "
                        + response.body());
            }
            return status;
        } catch (HttpTimeoutException e) {
            failures.add(request.method() + " " + request.uri().getPath() + " got no answer in " + HANG);
            return null;
        } catch (IOException e) {
            frontendDown.increment();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return null;
        }
    }

    private static void count(Map<String, Map<String, AtomicInteger>> table, String user, String product, int n) {
        table.computeIfAbsent(user, u -> new ConcurrentHashMap<>())
                .computeIfAbsent(product, p -> new AtomicInteger())
                .addAndGet(n);
    }

    /**
     * A short think time between actions: brisker than the reference's shoppers (1 to 10 s), yet leaving the
     * two cores room to restart what the test kills, as a shop under ordinary traffic has.
     */
    private static void pause() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(HANG.plusSeconds(5).toMillis());
        }
    }

    Map<String, Map<String, AtomicInteger>> confirmed() {
        return confirmed;
    }

    Map<String, Map<String, AtomicInteger>> attempted() {
        return attempted;
    }

    List<String> failures() {
        return failures;
    }

    String summary() {
        return String.format(
                "%d requests: %d fine, %d answered 503 (a backend down), %d found the frontend down, %d orders placed,"
                        + " %d failures",
                requests.get(), ok.sum(), unavailable.sum(), frontendDown.sum(), orders.sum(), failures.size());
    }
}
