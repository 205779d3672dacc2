package boutique.featureflag;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.GrpcServerLifecycle;
import boutique.kit.testing.ScratchDatabase;
import hipstershop.CreateFlagRequest;
import hipstershop.DeleteFlagRequest;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceBlockingStub;
import hipstershop.GetFlagRequest;
import hipstershop.UpdateFlagRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the service shows in a trace, on a scratch database: the flag on each rpc's server span, the store's
 * statements as PostgreSQL client spans beneath the rpc or the page that ran them, and the UI's HTTP server spans.
 * The SDK's in-memory exporter stands in for the kit's OTLP one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FeatureFlagTelemetryIT {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static ScratchDatabase scratch;

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryTelemetry {
        @Bean
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                            .build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        scratch = StoreFixture.scratchDatabaseFor(registry, "ffs_test");
    }

    @AfterAll
    static void drop() {
        scratch.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Autowired
    FlagStore store;

    private ManagedChannel channel;
    private FeatureFlagServiceBlockingStub flags;

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .usePlaintext()
                .build();
        flags = FeatureFlagServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void getFlag_putsTheFlagOnTheServerSpan_andItsQueryIsAPostgresClientSpanBeneath() {
        flags.getFlag(GetFlagRequest.newBuilder().setName("adServiceHighCpu").build());

        SpanData server = await(
                "hipstershop.FeatureFlagService/GetFlag",
                s -> "adServiceHighCpu".equals(s.getAttributes().get(stringKey("app.featureflag.name"))));
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getAttributes().get(stringKey("app.featureflag.description")))
                .contains("GetAds");
        assertThat(server.getAttributes().get(booleanKey("app.featureflag.enabled")))
                .isFalse();

        SpanData query = childOf(server);
        assertThat(query.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(query.getName()).isEqualTo("SELECT " + scratch.name() + ".featureflags");
        assertThat(query.getAttributes().asMap())
                .containsEntry(stringKey("db.system"), "postgresql")
                .containsEntry(stringKey("db.name"), scratch.name())
                .containsEntry(stringKey("db.operation"), "SELECT")
                .containsEntry(stringKey("db.sql.table"), "featureflags");
        assertThat(queryText(query))
                .isEqualTo("SELECT id, name, description, enabled, inserted_at, updated_at FROM featureflags"
                        + " WHERE name = ?");
    }

    @Test
    void createUpdateDelete_nameTheFlagOnTheirServerSpans() {
        flags.createFlag(CreateFlagRequest.newBuilder()
                .setName("telemetryFlag")
                .setDescription("traced")
                .setProbability(0.5)
                .build());
        flags.updateFlag(UpdateFlagRequest.newBuilder()
                .setName("telemetryFlag")
                .setProbability(0)
                .build());
        flags.deleteFlag(DeleteFlagRequest.newBuilder().setName("telemetryFlag").build());

        SpanData created = await("hipstershop.FeatureFlagService/CreateFlag", named("telemetryFlag"));
        assertThat(created.getAttributes().get(stringKey("app.featureflag.description")))
                .isEqualTo("traced");
        assertThat(created.getAttributes().get(booleanKey("app.featureflag.enabled")))
                .isTrue();
        assertThat(queryText(childOf(created))).startsWith("INSERT INTO featureflags");

        SpanData updated = await("hipstershop.FeatureFlagService/UpdateFlag", named("telemetryFlag"));
        assertThat(updated.getAttributes().get(booleanKey("app.featureflag.enabled")))
                .isFalse();
        assertThat(queryText(childOf(updated))).startsWith("UPDATE featureflags");

        SpanData deleted = await("hipstershop.FeatureFlagService/DeleteFlag", named("telemetryFlag"));
        assertThat(queryText(childOf(deleted))).startsWith("DELETE FROM featureflags");
    }

    @Test
    void flagList_isAnHttpServerSpanWithItsRoute_andItsQueryBeneath() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/featureflags"))
                                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = await("GET /featureflags", s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(server.getAttributes().get(stringKey("http.route"))).isEqualTo("/featureflags");
        assertThat(queryText(childOf(server))).contains("FROM featureflags ORDER BY name");
    }

    @Test
    void flagPage_isNamedByItsRoute() throws Exception {
        long id = store.create("telemetryPage", "a page of its own", 1).id();
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/featureflags/" + id))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);

        SpanData server = await("GET /featureflags/{id}", s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getAttributes().get(stringKey("http.route"))).isEqualTo("/featureflags/{id}");
        assertThat(server.getAttributes().get(stringKey("url.path"))).isEqualTo("/featureflags/" + id);
    }

    @Test
    void migrations_areNotTraced() {
        assertThat(SPANS.getFinishedSpanItems())
                .extracting(FeatureFlagTelemetryIT::queryText)
                .noneMatch(text -> text != null && text.toLowerCase().contains("flyway"));
    }

    private static Predicate<SpanData> named(String flag) {
        return s -> flag.equals(s.getAttributes().get(stringKey("app.featureflag.name")));
    }

    private static String queryText(SpanData span) {
        return span.getAttributes().get(stringKey("db.statement"));
    }

    private static SpanData childOf(SpanData parent) {
        return awaitSpan(s -> s.getParentSpanId().equals(parent.getSpanId()), "a child of " + parent.getName());
    }

    private static SpanData await(String name, Predicate<SpanData> matching) {
        return awaitSpan(s -> s.getName().equals(name) && matching.test(s), name);
    }

    /** Spans end as the answer leaves, which may be just after the client has it. */
    private static SpanData awaitSpan(Predicate<SpanData> matching, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<SpanData> finished = SPANS.getFinishedSpanItems();
            for (SpanData span : finished) {
                if (matching.test(span)) {
                    return span;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no span " + what + " in "
                + SPANS.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }
}
