package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.InProcessGrpc;
import boutique.kit.testing.ScratchDatabase;
import hipstershop.CreateFlagRequest;
import hipstershop.DeleteFlagRequest;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceBlockingStub;
import hipstershop.Flag;
import hipstershop.GetFlagRequest;
import hipstershop.ListFlagsRequest;
import hipstershop.UpdateFlagRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rpc through a real stub, over the store on the real PostgreSQL (a scratch database). */
class FeatureFlagGrpcServiceIT {

    private static ScratchDatabase scratch;
    private static FlagDatabase database;
    private static FeatureFlagGrpcService service;
    private static InProcessGrpc grpc;
    private static FeatureFlagServiceBlockingStub flags;

    @BeforeAll
    static void start() throws Exception {
        scratch = ScratchDatabase.create("ffs_test");
        StoreProperties properties = StoreFixture.properties(scratch.url(), false, null);
        database = StoreFixture.open(properties);
        service = new FeatureFlagGrpcService(new FlagStore(database), properties);
        grpc = InProcessGrpc.serve(service);
        flags = FeatureFlagServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (grpc != null) {
                grpc.close();
                service.destroy();
                database.destroy();
            }
        } finally {
            scratch.close();
        }
    }

    @Test
    void getFlag_seededFlag_isOffWithItsDescriptionAndWholeSecondTimestamps() {
        Flag flag = get("productCatalogFailure");
        assertThat(flag.getName()).isEqualTo("productCatalogFailure");
        assertThat(flag.getDescription()).contains("OLJCESPC7Z");
        assertThat(flag.getEnabled()).isFalse();
        assertThat(flag.getProbability()).isZero();
        assertThat(flag.getCreatedAt().getSeconds()).isPositive();
        assertThat(flag.getCreatedAt().getNanos()).isZero();
        assertThat(flag.getUpdatedAt().getSeconds())
                .isGreaterThanOrEqualTo(flag.getCreatedAt().getSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"productcatalogfailure", "noSuchFlag", ""})
    void getFlag_unknownName_isNotFound(String name) {
        assertStatus(() -> get(name), Status.Code.NOT_FOUND, "the requested feature flag does not exist");
    }

    @Test
    void getFlag_probabilityOne_isOnEveryCall_andZeroNever() {
        create("grpcAlways", 1.0);
        create("grpcNever", 0.0);
        assertThat(IntStream.range(0, 50).allMatch(i -> get("grpcAlways").getEnabled()))
                .isTrue();
        assertThat(IntStream.range(0, 50).noneMatch(i -> get("grpcNever").getEnabled()))
                .isTrue();
    }

    @Test
    void getFlag_probabilityHalf_isOnForAboutHalfOfTheCalls() {
        create("grpcHalf", 0.5);
        long on = IntStream.range(0, 400)
                .filter(i -> get("grpcHalf").getEnabled())
                .count();
        // Binomial(400, 0.5): standard deviation 10; six either side.
        assertThat(on).isBetween(140L, 260L);
    }

    @Test
    void createFlag_withProbability_storesItAndAnswersTheFlag() {
        Flag created = flags.createFlag(CreateFlagRequest.newBuilder()
                        .setName("grpcCreated")
                        .setDescription("made over gRPC")
                        .setProbability(0.3)
                        .build())
                .getFlag();
        assertThat(created.getName()).isEqualTo("grpcCreated");
        assertThat(created.getDescription()).isEqualTo("made over gRPC");
        assertThat(created.getProbability()).isEqualTo(0.3);
        assertThat(created.getEnabled()).isTrue();
        assertThat(get("grpcCreated").getProbability()).isEqualTo(0.3);
    }

    @Test
    void createFlag_withOnlyTheBoolean_meansAlwaysOrNever() {
        flags.createFlag(CreateFlagRequest.newBuilder()
                .setName("grpcBoolOn")
                .setEnabled(true)
                .build());
        flags.createFlag(CreateFlagRequest.newBuilder()
                .setName("grpcBoolOff")
                .setEnabled(false)
                .build());
        assertThat(get("grpcBoolOn").getProbability()).isEqualTo(1.0);
        assertThat(get("grpcBoolOff").getProbability()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void createFlag_blankName_isInvalidArgument(String name) {
        assertStatus(
                () -> flags.createFlag(
                        CreateFlagRequest.newBuilder().setName(name).build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must not be blank");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void createFlag_probabilityOutsideZeroToOne_isInvalidArgument(double probability) {
        assertStatus(
                () -> flags.createFlag(CreateFlagRequest.newBuilder()
                        .setName("grpcBadProbability")
                        .setProbability(probability)
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                "probability must be between 0 and 1");
        assertStatus(
                () -> get("grpcBadProbability"), Status.Code.NOT_FOUND, "the requested feature flag does not exist");
    }

    @Test
    void createFlag_longestNameAndDescription_isStored() {
        String name = "n".repeat(100);
        flags.createFlag(CreateFlagRequest.newBuilder()
                .setName(name)
                .setDescription("d".repeat(1_000))
                .setProbability(0.5)
                .build());
        assertThat(get(name).getDescription()).hasSize(1_000);
    }

    @Test
    void createFlag_nameOver100OrDescriptionOver1000Characters_isInvalidArgumentAndStoresNothing() {
        assertStatus(
                () -> flags.createFlag(
                        CreateFlagRequest.newBuilder().setName("n".repeat(101)).build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must be at most 100 characters");
        assertStatus(
                () -> flags.createFlag(CreateFlagRequest.newBuilder()
                        .setName("grpcLongDescription")
                        .setDescription("d".repeat(1_001))
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                "description must be at most 1000 characters");
        assertStatus(
                () -> get("grpcLongDescription"), Status.Code.NOT_FOUND, "the requested feature flag does not exist");
    }

    @Test
    void updateOrDeleteFlag_nameOver100Characters_isInvalidArgument_andGetFlagIsNotFound() {
        String name = "n".repeat(101);
        assertStatus(
                () -> flags.updateFlag(UpdateFlagRequest.newBuilder()
                        .setName(name)
                        .setEnabled(true)
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must be at most 100 characters");
        assertStatus(
                () -> flags.deleteFlag(
                        DeleteFlagRequest.newBuilder().setName(name).build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must be at most 100 characters");
        assertStatus(
                () -> get("x".repeat(1_000_000)), Status.Code.NOT_FOUND, "the requested feature flag does not exist");
    }

    @Test
    void createFlag_duplicateName_isAlreadyExists() {
        assertStatus(
                () -> create("productCatalogFailure", 1.0),
                Status.Code.ALREADY_EXISTS,
                "a feature flag named productCatalogFailure already exists");
        assertThat(get("productCatalogFailure").getProbability()).isZero();
    }

    @Test
    void updateFlag_probabilityOrBoolean_changesTheStoredProbability() {
        create("grpcUpdate", 0.0);
        flags.updateFlag(UpdateFlagRequest.newBuilder()
                .setName("grpcUpdate")
                .setProbability(0.75)
                .build());
        assertThat(get("grpcUpdate").getProbability()).isEqualTo(0.75);
        flags.updateFlag(UpdateFlagRequest.newBuilder()
                .setName("grpcUpdate")
                .setEnabled(false)
                .build());
        assertThat(get("grpcUpdate").getProbability()).isZero();
        flags.updateFlag(UpdateFlagRequest.newBuilder()
                .setName("grpcUpdate")
                .setEnabled(true)
                .build());
        assertThat(get("grpcUpdate").getEnabled()).isTrue();
    }

    @Test
    void updateFlag_unknownName_isNotFound() {
        assertStatus(
                () -> flags.updateFlag(UpdateFlagRequest.newBuilder()
                        .setName("noSuchFlag")
                        .setEnabled(true)
                        .build()),
                Status.Code.NOT_FOUND,
                "the requested feature flag does not exist");
    }

    @Test
    void updateFlag_blankNameOrBadProbability_isInvalidArgument() {
        assertStatus(
                () -> flags.updateFlag(
                        UpdateFlagRequest.newBuilder().setName(" ").build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must not be blank");
        assertStatus(
                () -> flags.updateFlag(UpdateFlagRequest.newBuilder()
                        .setName("recommendationCache")
                        .setProbability(2)
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                "probability must be between 0 and 1");
        assertThat(get("recommendationCache").getProbability()).isZero();
    }

    @Test
    void listFlags_everyFlagByName_withEnabledMeaningAboveZero() {
        create("grpcListed", 0.1);
        var listed = flags.listFlags(ListFlagsRequest.getDefaultInstance()).getFlagList();
        assertThat(listed).extracting(Flag::getName).isSorted().contains("grpcListed", "adServiceFailure");
        assertThat(listed)
                .filteredOn(f -> f.getName().equals("grpcListed"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.getEnabled()).isTrue();
                    assertThat(f.getProbability()).isEqualTo(0.1);
                });
        assertThat(listed)
                .filteredOn(f -> f.getName().equals("adServiceFailure"))
                .singleElement()
                .satisfies(f -> assertThat(f.getEnabled()).isFalse());
    }

    @Test
    void deleteFlag_existing_removesIt() {
        create("grpcDelete", 1.0);
        flags.deleteFlag(DeleteFlagRequest.newBuilder().setName("grpcDelete").build());
        assertStatus(() -> get("grpcDelete"), Status.Code.NOT_FOUND, "the requested feature flag does not exist");
    }

    @Test
    void deleteFlag_unknownOrBlankName_isNotFoundOrInvalid() {
        assertStatus(
                () -> flags.deleteFlag(
                        DeleteFlagRequest.newBuilder().setName("noSuchFlag").build()),
                Status.Code.NOT_FOUND,
                "the requested feature flag does not exist");
        assertStatus(
                () -> flags.deleteFlag(
                        DeleteFlagRequest.newBuilder().setName("").build()),
                Status.Code.INVALID_ARGUMENT,
                "flag name must not be blank");
    }

    private static Flag get(String name) {
        return flags.getFlag(GetFlagRequest.newBuilder().setName(name).build()).getFlag();
    }

    private static void create(String name, double probability) {
        flags.createFlag(CreateFlagRequest.newBuilder()
                .setName(name)
                .setDescription("test flag")
                .setProbability(probability)
                .build());
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }
}
