package boutique.launcher;

import hipstershop.AdRequest;
import hipstershop.AdServiceGrpc;
import hipstershop.AddItemRequest;
import hipstershop.Address;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.ChargeRequest;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CreditCardInfo;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.GetCartRequest;
import hipstershop.GetFlagRequest;
import hipstershop.GetQuoteRequest;
import hipstershop.ListRecommendationsRequest;
import hipstershop.Money;
import hipstershop.PaymentServiceGrpc;
import hipstershop.PlaceOrderRequest;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.ShippingServiceGrpc;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The start-up and memory benchmark behind {@code ./shop bench}: cold-starts each service on its own (the
 * ones before it stay up as its downstreams), from its class-data archive as {@code ./shop up} does, records the time from process start to healthy and its
 * resident memory, then drives a representative call at it (10,000 times; 1,000 orders for checkout) and
 * records memory again with throughput and latency. Prints one table; stops what it started.
 */
final class Bench {

    private static final int CALLS = 10_000;
    private static final int ORDERS = 1_000;
    private static final int THREADS = 4;

    static final Address ADDRESS = Address.newBuilder()
            .setStreetAddress("1600 Amphitheatre Parkway")
            .setCity("Mountain View")
            .setState("CA")
            .setCountry("United States")
            .setZipCode(94043)
            .build();
    static final CreditCardInfo CARD = CreditCardInfo.newBuilder()
            .setCreditCardNumber("4432801561520454")
            .setCreditCardCvv(672)
            .setCreditCardExpirationYear(2039)
            .setCreditCardExpirationMonth(1)
            .build();
    private static final Money PRICE = Money.newBuilder()
            .setCurrencyCode("USD")
            .setUnits(101)
            .setNanos(960_000_000)
            .build();

    private final Shop shop;
    private final ShopChannels channels = new ShopChannels();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Bench(Shop shop) {
        this.shop = shop;
    }

    private record Row(
            String service,
            double startSeconds,
            long rssStart,
            long rssAfter,
            int calls,
            int failures,
            double perSecond,
            double p50,
            double p99) {}

    int run(List<ServiceDef> services) throws Exception {
        for (ServiceDef service : services) {
            for (int port : service.ports(shop.env())) {
                if (Shop.listening(port)) {
                    System.out.printf(
                            "port %d (%s) is taken: stop the shop (./shop down) before benchmarking%n",
                            port, service.name());
                    return 1;
                }
            }
        }
        shop.prepareClassData(services);
        Map<ServiceDef, Process> started = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try {
            Map<ServiceDef, double[]> starts = new LinkedHashMap<>();
            for (ServiceDef service : services) {
                long t0 = System.nanoTime();
                Process process = shop.startUnsupervised(service);
                started.put(service, process);
                while (!service.healthy(shop.env())) {
                    if (!process.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                        System.out.printf("%s did not start; see %s%n", service.name(), shop.log(service));
                        return 1;
                    }
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(500);
                starts.put(service, new double[] {seconds, Shop.rssMegabytes(process.pid())});
                System.out.printf("  started %-22s in %.2f s%n", service.name(), seconds);
            }
            for (var entry : starts.entrySet()) {
                ServiceDef service = entry.getKey();
                Workload workload = workload(service);
                int calls = service.name().equals("checkoutservice") ? ORDERS : CALLS;
                int threads = service.name().equals("checkoutservice") ? 1 : THREADS;
                Result result = drive(workload, calls, threads);
                long rssAfter = Shop.rssMegabytes(started.get(service).pid());
                rows.add(new Row(
                        service.name(),
                        entry.getValue()[0],
                        (long) entry.getValue()[1],
                        rssAfter,
                        calls,
                        result.failures,
                        result.perSecond,
                        result.p50,
                        result.p99));
            }
        } finally {
            channels.close();
            shop.down(new ArrayList<>(started.keySet()));
        }
        System.out.printf("%n| service | start to healthy | RSS after start | RSS after calls | calls | failed "
                + "| calls/s | p50 ms | p99 ms |%n|---|---|---|---|---|---|---|---|---|%n");
        for (Row r : rows) {
            System.out.printf(
                    "| %s | %.2f s | %d MB | %d MB | %d | %d | %.0f | %.2f | %.2f |%n",
                    r.service, r.startSeconds, r.rssStart, r.rssAfter, r.calls, r.failures, r.perSecond, r.p50, r.p99);
        }
        System.out.println("\nJVM options: " + String.join(" ", shop.javaOptions()));
        for (ServiceDef service : ServiceDef.ALL) {
            List<String> own = shop.options(service.javaOptionsVariable());
            if (!own.isEmpty()) {
                System.out.printf("  then for %s: %s%n", service.name(), String.join(" ", own));
            }
        }
        return 0;
    }

    @FunctionalInterface
    interface Workload {
        void call() throws Exception;
    }

    private record Result(int failures, double perSecond, double p50, double p99) {}

    private static Result drive(Workload workload, int calls, int threads) throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(calls);
        AtomicInteger failures = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                while (remaining.getAndDecrement() > 0) {
                    long start = System.nanoTime();
                    try {
                        workload.call();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - start);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(failures.get(), calls / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0
                ? 0
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private ManagedChannel channel(String portVariable) {
        return channels.to(shop, portVariable);
    }

    private String url(String portVariable, String path) {
        return "http://127.0.0.1:" + shop.env().get(portVariable) + path;
    }

    private void post(String url, String json) throws Exception {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        check(response.statusCode());
    }

    private void get(String url) throws Exception {
        check(http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode());
    }

    private static void check(int status) {
        if (status >= 400) {
            throw new IllegalStateException("HTTP " + status);
        }
    }

    /** The call that stands for the service's everyday work. */
    private Workload workload(ServiceDef service) {
        String port = service.portVariable();
        List<String> products = Arrays.asList("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N");
        return switch (service.name()) {
            case "featureflagservice" -> {
                var stub = FeatureFlagServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getFlag(GetFlagRequest.newBuilder()
                                .setName("productCatalogFailure")
                                .build());
            }
            case "productcatalogservice" -> {
                var stub = ProductCatalogServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).listProducts(Empty.getDefaultInstance());
            }
            case "currencyservice" -> {
                var stub = CurrencyServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .convert(CurrencyConversionRequest.newBuilder()
                                .setFrom(PRICE)
                                .setToCode("EUR")
                                .build());
            }
            case "cartservice" -> {
                var stub = CartServiceGrpc.newBlockingStub(channel(port));
                yield () -> {
                    String user = "bench-" + ThreadLocalRandom.current().nextInt(100);
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .addItem(AddItemRequest.newBuilder()
                                    .setUserId(user)
                                    .setItem(CartItem.newBuilder()
                                            .setProductId("OLJCESPC7Z")
                                            .setQuantity(1))
                                    .build());
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getCart(GetCartRequest.newBuilder().setUserId(user).build());
                };
            }
            case "adservice" -> {
                var stub = AdServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getAds(AdRequest.newBuilder()
                                .addContextKeys("telescopes")
                                .build());
            }
            case "paymentservice" -> {
                var stub = PaymentServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .charge(ChargeRequest.newBuilder()
                                .setAmount(PRICE)
                                .setCreditCard(CARD)
                                .build());
            }
            case "quoteservice" -> () -> post(url(port, "/getquote"), "{\"numberOfItems\":3}");
            case "shippingservice" -> {
                var stub = ShippingServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getQuote(GetQuoteRequest.newBuilder()
                                .setAddress(ADDRESS)
                                .addItems(CartItem.newBuilder()
                                        .setProductId("OLJCESPC7Z")
                                        .setQuantity(2))
                                .build());
            }
            case "emailservice" -> () -> post(url(port, "/send_order_confirmation"), """
                    {"email":"someone@example.com","order":{"order_id":"0b1d7b7e-1d0a-11ef-9262-0242ac120002",
                     "shipping_tracking_id":"AB-12345-67890","shipping_cost":{"currency_code":"USD","units":8,
                     "nanos":900000000},"shipping_address":{"street_address":"1600 Amphitheatre Parkway",
                     "city":"Mountain View","state":"CA","country":"United States","zip_code":94043},
                     "items":[{"item":{"product_id":"OLJCESPC7Z","quantity":2},"cost":{"currency_code":"USD",
                     "units":101,"nanos":960000000}}]}}""");
            case "recommendationservice" -> {
                var stub = RecommendationServiceGrpc.newBlockingStub(channel(port));
                yield () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .listRecommendations(ListRecommendationsRequest.newBuilder()
                                .setUserId("bench")
                                .addAllProductIds(products)
                                .build());
            }
            case "checkoutservice" -> {
                var cart = CartServiceGrpc.newBlockingStub(channel("CART_SERVICE_PORT"));
                var checkout = CheckoutServiceGrpc.newBlockingStub(channel(port));
                yield () -> {
                    String user = "bench-order-" + ThreadLocalRandom.current().nextLong();
                    cart.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .addItem(AddItemRequest.newBuilder()
                                    .setUserId(user)
                                    .setItem(CartItem.newBuilder()
                                            .setProductId("66VCHSJNUP")
                                            .setQuantity(2))
                                    .build());
                    checkout.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .placeOrder(PlaceOrderRequest.newBuilder()
                                    .setUserId(user)
                                    .setUserCurrency("EUR")
                                    .setAddress(ADDRESS)
                                    .setEmail("someone@example.com")
                                    .setCreditCard(CARD)
                                    .build());
                };
            }
            case "frontend" -> () -> get(url(port, "/"));
            default -> throw new IllegalArgumentException("no benchmark workload for " + service.name());
        };
    }
}
