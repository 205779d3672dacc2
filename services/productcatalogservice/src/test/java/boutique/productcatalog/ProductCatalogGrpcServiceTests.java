package boutique.productcatalog;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.CatalogProducts;
import boutique.kit.testing.FakeFlagService;
import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.TestTelemetry;
import hipstershop.Empty;
import hipstershop.GetProductRequest;
import hipstershop.Product;
import hipstershop.ProductCatalogServiceGrpc;
import hipstershop.ProductCatalogServiceGrpc.ProductCatalogServiceBlockingStub;
import hipstershop.SearchProductsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductCatalogGrpcServiceTests {

    private FakeFlagService flagService;
    private TestTelemetry telemetry;
    private InProcessGrpc grpc;
    private ProductCatalogServiceBlockingStub catalog;

    @BeforeEach
    void start() {
        flagService = new FakeFlagService().set("productCatalogFailure", 0);
        telemetry = new TestTelemetry();
        grpc = telemetry.serve(new ProductCatalogGrpcService(new Catalog(), flagService.client()));
        catalog = ProductCatalogServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
        flagService.close();
        telemetry.close();
    }

    @Test
    void listProducts_returnsTheNineProductsInCatalogOrder() {
        List<Product> products =
                catalog.listProducts(Empty.getDefaultInstance()).getProductsList();
        assertThat(products).extracting(Product::getId).containsExactlyElementsOf(CatalogProducts.IDS);
        assertThat(products).allSatisfy(p -> {
            assertThat(p.getName()).isNotBlank();
            assertThat(p.getDescription()).isNotBlank();
            assertThat(p.getPicture()).startsWith("/images/products/");
            assertThat(p.getPriceUsd().getCurrencyCode()).isEqualTo("USD");
            assertThat(p.getCategoriesList()).isNotEmpty();
        });
    }

    @Test
    void getProduct_redFlashlight_hasEveryFieldOfTheCatalog() {
        Product flashlight = catalog.getProduct(
                GetProductRequest.newBuilder().setId("LS4PSXUNUM").build());
        assertThat(flashlight.getName()).isEqualTo("Red Flashlight");
        assertThat(flashlight.getPriceUsd().getUnits()).isEqualTo(57);
        assertThat(flashlight.getPriceUsd().getNanos()).isEqualTo(80_000_000);
        assertThat(flashlight.getCategoriesList()).containsExactly("accessories", "flashlights");
        assertThat(flashlight.getPicture()).isEqualTo("/images/products/RedFlashlight.svg");
    }

    @Test
    void getProduct_opticalTube_hasWholePriceAndThreeCategories() {
        Product tube = catalog.getProduct(
                GetProductRequest.newBuilder().setId("9SIQT8TOJO").build());
        assertThat(tube.getName()).isEqualTo("Optical Tube Assembly");
        assertThat(tube.getPriceUsd().getUnits()).isEqualTo(3599);
        assertThat(tube.getPriceUsd().getNanos()).isZero();
        assertThat(tube.getCategoriesList()).containsExactly("accessories", "telescopes", "assembly");
    }

    @ParameterizedTest(name = "GetProduct(\"{0}\") is NOT_FOUND")
    @CsvSource(
            value = {"ls4psxunum", "''", "NOPE", "'LS4PSXUNUM '"},
            emptyValue = "")
    void getProduct_unknownId_returnsNotFound(String id) {
        assertThatThrownBy(() -> catalog.getProduct(
                        GetProductRequest.newBuilder().setId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Product Not Found: " + id);
                });
    }

    @ParameterizedTest(name = "SearchProducts(\"{0}\")")
    @CsvSource(
            value = {
                "SOLAR | 1YMWWN1N4O,0PUK6V6EV0,6E92ZMYYFZ",
                "binoculars | 2ZYFJ3GM2N",
                "flashlight | LS4PSXUNUM",
                "red flashlight | LS4PSXUNUM",
                "telescope | 66VCHSJNUP,1YMWWN1N4O,0PUK6V6EV0,6E92ZMYYFZ",
                "nebulae | 9SIQT8TOJO",
                "zzz | ",
            },
            delimiter = '|')
    void searchProducts_matchesNameOrDescriptionIgnoringCase(String query, String expectedIds) {
        List<String> expected = expectedIds == null ? List.of() : List.of(expectedIds.split(","));
        List<Product> results = catalog.searchProducts(
                        SearchProductsRequest.newBuilder().setQuery(query).build())
                .getResultsList();
        assertThat(results).extracting(Product::getId).containsExactlyElementsOf(expected);
    }

    @Test
    void searchProducts_emptyQuery_returnsAllNine() {
        assertThat(catalog.searchProducts(SearchProductsRequest.getDefaultInstance())
                        .getResultsList())
                .hasSize(9);
    }

    @Test
    void searchProducts_hugeQuery_isInvalidArgument() {
        String megabyte = "x".repeat(1_000_000);
        assertThatThrownBy(() -> catalog.searchProducts(
                        SearchProductsRequest.newBuilder().setQuery(megabyte).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void roofBinoculars_areNamedOnlyInTheirOwnDescription() {
        assertThat(catalog.searchProducts(SearchProductsRequest.newBuilder()
                                .setQuery("Roof Binoculars")
                                .build())
                        .getResultsList())
                .extracting(Product::getId)
                .containsExactly("2ZYFJ3GM2N");
    }

    @Test
    void getProduct_withFailureFlagOn_failsOnlyTheGuardedProduct() {
        flagService.set("productCatalogFailure", 1);
        assertThatThrownBy(() -> catalog.getProduct(
                        GetProductRequest.newBuilder().setId("OLJCESPC7Z").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("Error: ProductCatalogService Fail Feature Flag Enabled");
                });
        assertThat(catalog.getProduct(GetProductRequest.newBuilder()
                                .setId("66VCHSJNUP")
                                .build())
                        .getId())
                .isEqualTo("66VCHSJNUP");
        assertThat(catalog.listProducts(Empty.getDefaultInstance()).getProductsCount())
                .isEqualTo(9);

        flagService.set("productCatalogFailure", 0);
        assertThat(catalog.getProduct(GetProductRequest.newBuilder()
                                .setId("OLJCESPC7Z")
                                .build())
                        .getId())
                .isEqualTo("OLJCESPC7Z");
    }

    @Test
    void getProduct_withFlagServiceGone_readsTheFlagAsOff() throws InterruptedException {
        flagService.set("productCatalogFailure", 1);
        flagService.close();
        assertThat(catalog.getProduct(GetProductRequest.newBuilder()
                                .setId("OLJCESPC7Z")
                                .build())
                        .getId())
                .isEqualTo("OLJCESPC7Z");
    }

    @Test
    void listProducts_countsTheProductsOnTheServerSpan() {
        catalog.listProducts(Empty.getDefaultInstance());

        SpanData server = telemetry.span("hipstershop.ProductCatalogService/ListProducts");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getAttributes().get(longKey("app.products.count"))).isEqualTo(9L);
    }

    @Test
    void getProduct_namesTheProductOnTheServerSpan() {
        catalog.getProduct(GetProductRequest.newBuilder().setId("LS4PSXUNUM").build());

        SpanData server = telemetry.span("hipstershop.ProductCatalogService/GetProduct");
        assertThat(server.getAttributes().asMap())
                .containsEntry(stringKey("app.product.id"), "LS4PSXUNUM")
                .containsEntry(stringKey("app.product.name"), "Red Flashlight");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void getProduct_unknownId_keepsTheIdButNoName_andAHugeIdStaysOffTheSpan() {
        assertThatThrownBy(() -> catalog.getProduct(
                        GetProductRequest.newBuilder().setId("NOPE").build()))
                .isInstanceOf(StatusRuntimeException.class);
        assertThatThrownBy(() -> catalog.getProduct(GetProductRequest.newBuilder()
                        .setId("X".repeat(100_000))
                        .build()))
                .isInstanceOf(StatusRuntimeException.class);

        List<SpanData> spans = telemetry.spans("hipstershop.ProductCatalogService/GetProduct");
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).getAttributes().get(stringKey("app.product.id")))
                .isEqualTo("NOPE");
        assertThat(spans.get(0).getAttributes().get(stringKey("app.product.name")))
                .isNull();
        assertThat(spans.get(1).getAttributes().get(stringKey("app.product.id")))
                .isNull();
    }

    @Test
    void searchProducts_countsTheResultsOnTheServerSpan() {
        catalog.searchProducts(
                SearchProductsRequest.newBuilder().setQuery("telescope").build());

        SpanData server = telemetry.span("hipstershop.ProductCatalogService/SearchProducts");
        assertThat(server.getAttributes().get(longKey("app.products_search.count")))
                .isEqualTo(catalog.searchProducts(SearchProductsRequest.newBuilder()
                                .setQuery("telescope")
                                .build())
                        .getResultsCount())
                .isGreaterThan(1L);
    }

    @Test
    void getProduct_withFailureFlagOn_isAnErrorSpanWithTheExceptionRecorded() {
        flagService.set("productCatalogFailure", 1);
        assertThatThrownBy(() -> catalog.getProduct(
                        GetProductRequest.newBuilder().setId("OLJCESPC7Z").build()))
                .isInstanceOf(StatusRuntimeException.class);

        SpanData server = telemetry.span("hipstershop.ProductCatalogService/GetProduct");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(stringKey("app.product.id"))).isEqualTo("OLJCESPC7Z");
        assertThat(server.getAttributes().get(longKey("rpc.grpc.status_code")))
                .isEqualTo((long) Status.Code.INTERNAL.value());
        assertThat(server.getEvents())
                .filteredOn(e -> e.getName().equals("exception"))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.getAttributes().get(stringKey("exception.message")))
                            .isEqualTo("Error: ProductCatalogService Fail Feature Flag Enabled");
                    assertThat(event.getAttributes().get(stringKey("exception.type")))
                            .isEqualTo("boutique.kit.ShopException");
                });
    }
}
