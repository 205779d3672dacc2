package boutique.checkout;

import boutique.kit.Money;
import boutique.kit.ShopException;
import com.sun.net.httpserver.HttpServer;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.ChargeRequest;
import hipstershop.ChargeResponse;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import hipstershop.GetProductRequest;
import hipstershop.GetQuoteRequest;
import hipstershop.GetQuoteResponse;
import hipstershop.GetSupportedCurrenciesResponse;
import hipstershop.PaymentServiceGrpc;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ShipOrderRequest;
import hipstershop.ShipOrderResponse;
import hipstershop.ShippingServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** In-process stand-ins for the six services checkout calls, each recording what it was asked and able to fail. */
final class Fakes {

    private Fakes() {}

    static <T> void reply(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    static final class FakeCart extends CartServiceGrpc.CartServiceImplBase {
        final Map<String, Cart> carts = new ConcurrentHashMap<>();
        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<String> emptied = new CopyOnWriteArrayList<>();
        volatile Status getFailure;
        volatile Status emptyFailure;

        void put(String user, CartItem... items) {
            carts.put(
                    user,
                    Cart.newBuilder()
                            .setUserId(user)
                            .addAllItems(List.of(items))
                            .build());
        }

        @Override
        public void getCart(GetCartRequest request, StreamObserver<Cart> observer) {
            reads.add(request.getUserId());
            if (getFailure != null) {
                throw getFailure.asRuntimeException();
            }
            reply(observer, carts.getOrDefault(request.getUserId(), Cart.getDefaultInstance()));
        }

        @Override
        public void emptyCart(EmptyCartRequest request, StreamObserver<Empty> observer) {
            if (emptyFailure != null) {
                throw emptyFailure.asRuntimeException();
            }
            emptied.add(request.getUserId());
            carts.remove(request.getUserId());
            reply(observer, Empty.getDefaultInstance());
        }
    }

    /** The catalog's prices in USD for the products the tests use. */
    static final class FakeCatalog extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {
        static final Map<String, String> PRICES = Map.of(
                "OLJCESPC7Z",
                "101.96",
                "66VCHSJNUP",
                "349.95",
                "1YMWWN1N4O",
                "129.95",
                "L9ECAV7KIM",
                "21.95",
                "2ZYFJ3GM2N",
                "209.95",
                "0PUK6V6EV0",
                "175.00",
                "LS4PSXUNUM",
                "57.08",
                "9SIQT8TOJO",
                "3599.00",
                "6E92ZMYYFZ",
                "69.95");
        volatile Status failure;

        @Override
        public void getProduct(GetProductRequest request, StreamObserver<Product> observer) {
            if (failure != null) {
                throw failure.asRuntimeException();
            }
            String price = PRICES.get(request.getId());
            if (price == null) {
                throw ShopException.notFound("Product Not Found: " + request.getId());
            }
            reply(
                    observer,
                    Product.newBuilder()
                            .setId(request.getId())
                            .setPriceUsd(Money.of("USD", price).toProto())
                            .build());
        }
    }

    /**
     * Converts with five of the reference's currency rates (per 1 EUR), exactly, rounded half-even to the nano.
     */
    static final class FakeCurrency extends CurrencyServiceGrpc.CurrencyServiceImplBase {
        static final Map<String, String> RATES =
                Map.of("EUR", "1.0", "USD", "1.1305", "JPY", "126.40", "GBP", "0.85970", "CAD", "1.5128");
        volatile Predicate<Money> failWhenConverting = from -> false;
        volatile Status failure = Status.INTERNAL.withDescription("conversion failed");

        @Override
        public void getSupportedCurrencies(Empty request, StreamObserver<GetSupportedCurrenciesResponse> observer) {
            reply(
                    observer,
                    GetSupportedCurrenciesResponse.newBuilder()
                            .addAllCurrencyCodes(RATES.keySet())
                            .build());
        }

        @Override
        public void convert(CurrencyConversionRequest request, StreamObserver<hipstershop.Money> observer) {
            Money from = Money.fromProto(request.getFrom());
            if (failWhenConverting.test(from)) {
                throw failure.asRuntimeException();
            }
            BigDecimal value = from.toBigDecimal()
                    .multiply(new BigDecimal(RATES.get(request.getToCode())))
                    .divide(new BigDecimal(RATES.get(from.currencyCode())), MathContext.DECIMAL128);
            reply(observer, Money.of(request.getToCode(), value).toProto());
        }
    }

    /** Quotes 8.90 USD per unit, as the real shipping service does. */
    static final class FakeShipping extends ShippingServiceGrpc.ShippingServiceImplBase {
        final List<ShipOrderRequest> shipped = new CopyOnWriteArrayList<>();
        volatile Status quoteFailure;
        volatile Status shipFailure;

        @Override
        public void getQuote(GetQuoteRequest request, StreamObserver<GetQuoteResponse> observer) {
            if (quoteFailure != null) {
                throw quoteFailure.asRuntimeException();
            }
            long units = request.getItemsList().stream()
                    .mapToLong(CartItem::getQuantity)
                    .sum();
            reply(
                    observer,
                    GetQuoteResponse.newBuilder()
                            .setCostUsd(Money.of("USD", "8.90").times(units).toProto())
                            .build());
        }

        @Override
        public void shipOrder(ShipOrderRequest request, StreamObserver<ShipOrderResponse> observer) {
            if (shipFailure != null) {
                throw shipFailure.asRuntimeException();
            }
            shipped.add(request);
            reply(
                    observer,
                    ShipOrderResponse.newBuilder()
                            .setTrackingId(UUID.randomUUID().toString())
                            .build());
        }
    }

    static final class FakePayment extends PaymentServiceGrpc.PaymentServiceImplBase {
        final List<ChargeRequest> charges = new CopyOnWriteArrayList<>();
        volatile Status failure;
        volatile String lastTransactionId;

        @Override
        public void charge(ChargeRequest request, StreamObserver<ChargeResponse> observer) {
            if (failure != null) {
                throw failure.asRuntimeException();
            }
            charges.add(request);
            lastTransactionId = UUID.randomUUID().toString();
            reply(
                    observer,
                    ChargeResponse.newBuilder()
                            .setTransactionId(lastTransactionId)
                            .build());
        }
    }

    /** A real HTTP server standing in for the email service, keeping the bodies it was posted and trace headers. */
    static final class FakeEmail implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> contentTypes = new CopyOnWriteArrayList<>();
        final List<String> traceparents = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        volatile long delayMillis;
        private final HttpServer server;

        FakeEmail() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/send_order_confirmation", exchange -> {
                sleep(delayMillis);
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                traceparents.add(traceparent == null ? "" : traceparent);
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "fake-email");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }

        /** The bodies posted so far, once there are {@code count} of them (the mail is sent in the background). */
        List<String> awaitBodies(int count) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bodies.size() < count && System.nanoTime() < deadline) {
                sleep(10);
            }
            return List.copyOf(bodies);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String address() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
