package boutique.frontend.web;

import boutique.frontend.backend.ChannelOpener;
import boutique.kit.Money;
import boutique.kit.ShopException;
import boutique.kit.testing.InProcessGrpc;
import hipstershop.Ad;
import hipstershop.AdRequest;
import hipstershop.AdResponse;
import hipstershop.AdServiceGrpc;
import hipstershop.AddItemRequest;
import hipstershop.Address;
import hipstershop.Cart;
import hipstershop.CartItem;
import hipstershop.CartServiceGrpc;
import hipstershop.CheckoutServiceGrpc;
import hipstershop.CurrencyConversionRequest;
import hipstershop.CurrencyServiceGrpc;
import hipstershop.Empty;
import hipstershop.EmptyCartRequest;
import hipstershop.GetCartRequest;
import hipstershop.GetProductRequest;
import hipstershop.GetQuoteRequest;
import hipstershop.GetQuoteResponse;
import hipstershop.GetSupportedCurrenciesResponse;
import hipstershop.ListProductsResponse;
import hipstershop.ListRecommendationsRequest;
import hipstershop.ListRecommendationsResponse;
import hipstershop.OrderItem;
import hipstershop.OrderResult;
import hipstershop.PlaceOrderRequest;
import hipstershop.PlaceOrderResponse;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.RecommendationServiceGrpc;
import hipstershop.ShipOrderRequest;
import hipstershop.ShipOrderResponse;
import hipstershop.ShippingServiceGrpc;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * In-process stand-ins for the seven backends the frontend calls, behaving as the real ones do for the cases the
 * tests need (the catalog's nine products and prices, exact currency conversion with the reference's rates, a
 * cart in memory, 8.90 USD shipping per unit, a checkout over them). Each can be made to fail with a status or
 * to answer late, and records what it was asked.
 */
final class FakeBackends implements AutoCloseable {

    static final FakeBackends SHARED = new FakeBackends();

    static final String FLASHLIGHT = "LS4PSXUNUM";
    static final String EXPLORASCOPE = "OLJCESPC7Z";
    static final String BINOCULARS = "2ZYFJ3GM2N";
    static final String IMAGER = "0PUK6V6EV0";
    static final String TUBE = "9SIQT8TOJO";

    static final List<String> CODES = List.of(
            "EUR", "USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "HRK",
            "RUB", "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP",
            "SGD", "THB", "ZAR");
    private static final List<String> RATES = List.of(
            "1.0",
            "1.1305",
            "126.40",
            "1.9558",
            "25.592",
            "7.4609",
            "0.85970",
            "315.51",
            "4.2996",
            "4.7463",
            "10.5375",
            "1.1360",
            "136.80",
            "9.8040",
            "7.4210",
            "74.4208",
            "6.1247",
            "1.6072",
            "4.2682",
            "1.5128",
            "7.5857",
            "8.8743",
            "15999.40",
            "4.0875",
            "79.4320",
            "1275.05",
            "21.7999",
            "4.6289",
            "1.6679",
            "59.083",
            "1.5349",
            "36.012",
            "16.0583");

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

    final Catalog catalog = new Catalog();
    final Currency currency = new Currency();
    final Carts cart = new Carts(catalog);
    final Recommendations recommendation = new Recommendations();
    final Ads ads = new Ads();
    final Shipping shipping = new Shipping();
    final Checkout checkout = new Checkout(cart, catalog);

    private final List<Control> controls = List.of(
            catalog.control,
            currency.control,
            cart.control,
            recommendation.control,
            ads.control,
            shipping.control,
            checkout.control);
    /** The trace headers of every call received, in order. */
    final List<Received> received = new CopyOnWriteArrayList<>();

    private final InProcessGrpc grpc = InProcessGrpc.serve(
            recorded(catalog),
            recorded(currency),
            recorded(cart),
            recorded(recommendation),
            recorded(ads),
            recorded(shipping),
            recorded(checkout));
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-backends-later");
        t.setDaemon(true);
        return t;
    });

    /**
     * A channel opener that sends every backend's calls to these fakes, with a default deadline on each call as
     * the kit's channels give (shorter, so tests of a late backend stay quick).
     */
    ChannelOpener opener() {
        return (variable, address) -> ClientInterceptors.intercept(grpc.channel(), new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(
                        method,
                        options.getDeadline() == null
                                ? options.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                                : options);
            }
        });
    }

    /** A call's method and the W3C trace headers it arrived with (null when absent). */
    record Received(String method, String traceparent, String baggage) {}

    private static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> BAGGAGE = Metadata.Key.of("baggage", Metadata.ASCII_STRING_MARSHALLER);

    private BindableService recorded(BindableService service) {
        ServerServiceDefinition definition = ServerInterceptors.intercept(service, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                received.add(new Received(
                        call.getMethodDescriptor().getFullMethodName(),
                        headers.get(TRACEPARENT),
                        headers.get(BAGGAGE)));
                return next.startCall(call, headers);
            }
        });
        return () -> definition;
    }

    void reset() {
        received.clear();
        controls.forEach(Control::reset);
        cart.carts.clear();
        catalog.extra.clear();
        currency.conversions.clear();
    }

    @Override
    public void close() throws InterruptedException {
        grpc.close();
    }

    static Product product(String id, String name, String picture, long units, int nanos, String... categories) {
        return Product.newBuilder()
                .setId(id)
                .setName(name)
                .setDescription("About the " + name + ".")
                .setPicture("/images/products/" + picture + ".svg")
                .setPriceUsd(hipstershop.Money.newBuilder()
                        .setCurrencyCode("USD")
                        .setUnits(units)
                        .setNanos(nanos))
                .addAllCategories(List.of(categories))
                .build();
    }

    static final List<Product> PRODUCTS = List.of(
            product(
                    EXPLORASCOPE,
                    "National Park Foundation Explorascope",
                    "NationalParkFoundationExplorascope",
                    101,
                    960_000_000,
                    "telescopes"),
            product(
                    "66VCHSJNUP",
                    "Starsense Explorer Refractor Telescope",
                    "StarsenseExplorer",
                    349,
                    950_000_000,
                    "telescopes"),
            product(
                    "1YMWWN1N4O",
                    "Eclipsmart Travel Refractor Telescope",
                    "EclipsmartTravelRefractorTelescope",
                    129,
                    950_000_000,
                    "telescopes",
                    "travel"),
            product("L9ECAV7KIM", "Lens Cleaning Kit", "LensCleaningKit", 21, 950_000_000, "accessories"),
            product(BINOCULARS, "Roof Binoculars", "RoofBinoculars", 209, 950_000_000, "binoculars"),
            product(IMAGER, "Solar System Color Imager", "SolarSystemColorImager", 175, 0, "accessories", "telescopes"),
            product(FLASHLIGHT, "Red Flashlight", "RedFlashlight", 57, 80_000_000, "accessories", "flashlights"),
            product(
                    TUBE,
                    "Optical Tube Assembly",
                    "OpticalTubeAssembly",
                    3599,
                    0,
                    "accessories",
                    "telescopes",
                    "assembly"),
            product("6E92ZMYYFZ", "Solar Filter", "SolarFilter", 69, 950_000_000, "accessories", "telescopes"));

    /** How a fake behaves: a failure to answer with, a delay, and the requests it received with their deadlines. */
    static final class Control {
        volatile Status failure;
        volatile Duration delay = Duration.ZERO;
        final List<Object> requests = new CopyOnWriteArrayList<>();
        /** The time each request had left when it arrived (null for none), in the order of {@link #requests}. */
        final List<Duration> timeLeft = new CopyOnWriteArrayList<>();

        void reset() {
            failure = null;
            delay = Duration.ZERO;
            requests.clear();
            timeLeft.clear();
        }

        void failWith(Status.Code code, String message) {
            failure = code.toStatus().withDescription(message);
        }

        void answerAfter(Duration delay) {
            this.delay = delay;
        }

        /** Answers with the value, after the delay (without holding the caller's thread), or fails. */
        <T> void answer(Object request, StreamObserver<T> observer, Supplier<T> value) {
            Deadline deadline = Context.current().getDeadline();
            timeLeft.add(deadline == null ? null : Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS)));
            requests.add(request);
            Runnable reply = () -> {
                if (failure != null) {
                    observer.onError(failure.asRuntimeException());
                    return;
                }
                T result;
                try {
                    result = value.get();
                } catch (ShopException e) {
                    observer.onError(e.toStatus().asRuntimeException());
                    return;
                }
                observer.onNext(result);
                observer.onCompleted();
            };
            if (delay.isZero()) {
                reply.run();
            } else {
                LATER.schedule(reply, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    static final class Catalog extends ProductCatalogServiceGrpc.ProductCatalogServiceImplBase {
        final Control control = new Control();
        /** Products beyond the stock nine, e.g. one with HTML in its name. */
        final Map<String, Product> extra = new ConcurrentHashMap<>();

        Product find(String id) {
            Product added = extra.get(id);
            if (added != null) {
                return added;
            }
            return PRODUCTS.stream()
                    .filter(p -> p.getId().equals(id))
                    .findFirst()
                    .orElseThrow(() -> ShopException.notFound("Product Not Found: " + id));
        }

        @Override
        public void listProducts(Empty request, StreamObserver<ListProductsResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> ListProductsResponse.newBuilder()
                            .addAllProducts(PRODUCTS)
                            .build());
        }

        @Override
        public void getProduct(GetProductRequest request, StreamObserver<Product> o) {
            control.answer(request, o, () -> find(request.getId()));
        }
    }

    static final class Currency extends CurrencyServiceGrpc.CurrencyServiceImplBase {
        final Control control = new Control();
        final List<CurrencyConversionRequest> conversions = new CopyOnWriteArrayList<>();

        static BigDecimal rate(String code) {
            int i = CODES.indexOf(code);
            if (i < 0) {
                throw ShopException.invalidArgument("unsupported currency code: " + code);
            }
            return new BigDecimal(RATES.get(i));
        }

        static hipstershop.Money convert(hipstershop.Money from, String to) {
            BigDecimal amount = Money.fromProto(from)
                    .toBigDecimal()
                    .multiply(rate(to))
                    .divide(rate(from.getCurrencyCode()), MathContext.DECIMAL128);
            return Money.of(to, amount).toProto();
        }

        @Override
        public void getSupportedCurrencies(Empty request, StreamObserver<GetSupportedCurrenciesResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> GetSupportedCurrenciesResponse.newBuilder()
                            .addAllCurrencyCodes(CODES)
                            .build());
        }

        @Override
        public void convert(CurrencyConversionRequest request, StreamObserver<hipstershop.Money> o) {
            conversions.add(request);
            control.answer(request, o, () -> convert(request.getFrom(), request.getToCode()));
        }
    }

    static final class Carts extends CartServiceGrpc.CartServiceImplBase {
        final Control control = new Control();
        final Map<String, Map<String, Integer>> carts = new ConcurrentHashMap<>();
        private final Catalog catalog;

        Carts(Catalog catalog) {
            this.catalog = catalog;
        }

        Cart cartOf(String userId) {
            Map<String, Integer> items = carts.get(userId);
            if (items == null || items.isEmpty()) {
                return Cart.getDefaultInstance();
            }
            Cart.Builder cart = Cart.newBuilder().setUserId(userId);
            items.forEach((id, q) ->
                    cart.addItems(CartItem.newBuilder().setProductId(id).setQuantity(q)));
            return cart.build();
        }

        @Override
        public void addItem(AddItemRequest request, StreamObserver<Empty> o) {
            control.answer(request, o, () -> {
                if (request.getUserId().isEmpty()) {
                    throw ShopException.invalidArgument("user_id must not be empty");
                }
                if (request.getItem().getQuantity() < 1) {
                    throw ShopException.invalidArgument("quantity must be at least 1");
                }
                carts.computeIfAbsent(
                                request.getUserId(), u -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()))
                        .merge(
                                request.getItem().getProductId(),
                                request.getItem().getQuantity(),
                                Integer::sum);
                return Empty.getDefaultInstance();
            });
        }

        @Override
        public void getCart(GetCartRequest request, StreamObserver<Cart> o) {
            control.answer(request, o, () -> cartOf(request.getUserId()));
        }

        @Override
        public void emptyCart(EmptyCartRequest request, StreamObserver<Empty> o) {
            control.answer(request, o, () -> {
                carts.remove(request.getUserId());
                return Empty.getDefaultInstance();
            });
        }
    }

    static final class Recommendations extends RecommendationServiceGrpc.RecommendationServiceImplBase {
        final Control control = new Control();

        @Override
        public void listRecommendations(
                ListRecommendationsRequest request, StreamObserver<ListRecommendationsResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> ListRecommendationsResponse.newBuilder()
                            .addAllProductIds(PRODUCTS.stream()
                                    .map(Product::getId)
                                    .filter(id -> !request.getProductIdsList().contains(id))
                                    .limit(5)
                                    .toList())
                            .build());
        }

        /** The product ids of the last request. */
        List<String> lastExcluded() {
            return ((ListRecommendationsRequest) control.requests.get(control.requests.size() - 1)).getProductIdsList();
        }
    }

    static final class Ads extends AdServiceGrpc.AdServiceImplBase {
        final Control control = new Control();

        @Override
        public void getAds(AdRequest request, StreamObserver<AdResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> AdResponse.newBuilder()
                            .addAds(Ad.newBuilder()
                                    .setRedirectUrl("/product/" + BINOCULARS)
                                    .setText("Roof Binoculars for sale. 50% off."))
                            .addAds(Ad.newBuilder()
                                    .setRedirectUrl("/product/" + FLASHLIGHT)
                                    .setText("Red Flashlight for sale. 10% off."))
                            .build());
        }
    }

    static final class Shipping extends ShippingServiceGrpc.ShippingServiceImplBase {
        final Control control = new Control();

        static hipstershop.Money quote(List<CartItem> items) {
            int units = 0;
            for (CartItem item : items) {
                if (item.getQuantity() < 1) {
                    throw ShopException.invalidArgument("quantity must be at least 1");
                }
                units += item.getQuantity();
            }
            return Money.of("USD", "8.90").times(units).toProto();
        }

        @Override
        public void getQuote(GetQuoteRequest request, StreamObserver<GetQuoteResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> GetQuoteResponse.newBuilder()
                            .setCostUsd(quote(request.getItemsList()))
                            .build());
        }

        @Override
        public void shipOrder(ShipOrderRequest request, StreamObserver<ShipOrderResponse> o) {
            control.answer(
                    request,
                    o,
                    () -> ShipOrderResponse.newBuilder()
                            .setTrackingId(UUID.randomUUID().toString())
                            .build());
        }
    }

    static final class Checkout extends CheckoutServiceGrpc.CheckoutServiceImplBase {
        final Control control = new Control();
        private final Carts carts;
        private final Catalog catalog;

        Checkout(Carts carts, Catalog catalog) {
            this.carts = carts;
            this.catalog = catalog;
        }

        @Override
        public void placeOrder(PlaceOrderRequest request, StreamObserver<PlaceOrderResponse> o) {
            control.answer(request, o, () -> {
                String to = request.getUserCurrency();
                Currency.rate(to);
                if (!request.getCreditCard().getCreditCardNumber().matches("4\\d{3}-\\d{4}-\\d{4}-\\d{4}")) {
                    throw ShopException.invalidArgument("failed to charge card: could not charge the card: rpc error: "
                            + "code = InvalidArgument desc = Credit card info is invalid.");
                }
                Cart cart = carts.cartOf(request.getUserId());
                List<OrderItem> items = new ArrayList<>();
                for (CartItem item : cart.getItemsList()) {
                    items.add(OrderItem.newBuilder()
                            .setItem(item)
                            .setCost(Currency.convert(
                                    catalog.find(item.getProductId()).getPriceUsd(), to))
                            .build());
                }
                carts.carts.remove(request.getUserId());
                Address address = request.getAddress();
                return PlaceOrderResponse.newBuilder()
                        .setOrder(OrderResult.newBuilder()
                                .setOrderId(UUID.randomUUID().toString())
                                .setShippingTrackingId(
                                        "TRACK-" + UUID.randomUUID().toString().substring(0, 8))
                                .setShippingCost(Currency.convert(Shipping.quote(cart.getItemsList()), to))
                                .setShippingAddress(address)
                                .addAllItems(items))
                        .build();
            });
        }
    }
}
