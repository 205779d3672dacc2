package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.ShopException;
import boutique.kit.testing.ScratchDatabase;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations and the store against the real PostgreSQL, in a scratch database. */
class FlagStoreIT {

    static final List<String> SCENARIOS = List.of(
            "adServiceFailure",
            "adServiceHighCpu",
            "adServiceManualGc",
            "cartServiceFailure",
            "emailMemoryLeak",
            "imageSlowLoad",
            "intlShippingSlowdown",
            "paymentServiceFailure",
            "paymentServiceUnreachable",
            "productCatalogFailure",
            "recommendationCache");

    private static ScratchDatabase scratch;
    private static FlagDatabase database;
    private static FlagStore store;

    @BeforeAll
    static void open() throws Exception {
        scratch = ScratchDatabase.create("ffs_test");
        database = StoreFixture.open(StoreFixture.properties(scratch.url(), false, null));
        store = new FlagStore(database);
    }

    @AfterAll
    static void close() {
        try {
            if (database != null) {
                database.destroy();
            }
        } finally {
            scratch.close();
        }
    }

    @Test
    void migrations_createTheReferenceTableWithAProbabilityColumn() throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        query(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                        + " WHERE table_name = 'featureflags' ORDER BY ordinal_position",
                row -> columns.put(row.getString(1), row.getString(2) + " " + row.getString(3)));
        assertThat(columns)
                .containsExactly(
                        Map.entry("id", "bigint NO"),
                        Map.entry("name", "character varying NO"),
                        Map.entry("description", "character varying YES"),
                        Map.entry("enabled", "double precision NO"),
                        Map.entry("inserted_at", "timestamp without time zone NO"),
                        Map.entry("updated_at", "timestamp without time zone NO"));
        List<String> indexes = new ArrayList<>();
        query(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'featureflags'",
                row -> indexes.add(row.getString(1)));
        assertThat(indexes).contains("featureflags_name_index");
        List<String> versions = new ArrayList<>();
        query(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                row -> versions.add(row.getString(1)));
        assertThat(versions).containsExactly("1", "2", "3");
        List<Integer> lengths = new ArrayList<>();
        query(
                "SELECT character_maximum_length FROM information_schema.columns"
                        + " WHERE table_name = 'featureflags' AND column_name IN ('name', 'description')"
                        + " ORDER BY column_name",
                row -> lengths.add(row.getInt(1)));
        assertThat(lengths).containsExactly(1_000, 255);
    }

    @Test
    void migrations_seedEveryScenarioOffWithADescription() {
        List<Flag> seeded =
                store.all().stream().filter(f -> SCENARIOS.contains(f.name())).toList();
        assertThat(seeded).extracting(Flag::name).containsExactlyElementsOf(SCENARIOS);
        assertThat(seeded).allSatisfy(flag -> {
            assertThat(flag.probability()).isZero();
            assertThat(flag.description()).isNotBlank().hasSizeLessThanOrEqualTo(255);
            assertThat(flag.insertedAt()).isBefore(Instant.now().plusSeconds(1));
        });
    }

    @Test
    void migrations_runAgain_changeNothing() throws Exception {
        int before = store.all().size();
        FlagDatabase again = StoreFixture.open(StoreFixture.properties(scratch.url(), false, null));
        try {
            assertThat(new FlagStore(again).all()).hasSize(before);
        } finally {
            again.destroy();
        }
    }

    @Test
    void create_thenRead_byNameAndId_withWholeSecondUtcTimestamps() {
        Flag created = store.create("storeCreate", "made by a test", 0.25);
        assertThat(created.id()).isPositive();
        assertThat(created.probability()).isEqualTo(0.25);
        assertThat(created.insertedAt().getNano()).isZero();
        assertThat(Duration.between(created.insertedAt(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(store.byName("storeCreate")).contains(created);
        assertThat(store.byId(created.id())).contains(created);
        assertThat(store.byName("storecreate")).isEmpty();
    }

    @Test
    void create_duplicateName_isAlreadyExists() {
        store.create("storeDuplicate", "first", 0);
        assertThatThrownBy(() -> store.create("storeDuplicate", "second", 1))
                .isInstanceOfSatisfying(ShopException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("a feature flag named storeDuplicate already exists");
                });
    }

    @Test
    void create_probabilityOutsideRange_isRefusedByTheTableToo() {
        assertThatThrownBy(() -> store.create("storeRange", "too likely", 1.5))
                .isInstanceOfSatisfying(
                        ShopException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(store.byName("storeRange")).isEmpty();
    }

    @Test
    void update_setProbability_toggle_andDelete_changeTheRow() {
        Flag flag = store.create("storeChange", "to change", 0);
        assertThat(store.update(flag.id(), "storeChanged", "changed", 0.5))
                .get()
                .satisfies(f -> {
                    assertThat(f.name()).isEqualTo("storeChanged");
                    assertThat(f.description()).isEqualTo("changed");
                    assertThat(f.probability()).isEqualTo(0.5);
                    assertThat(f.insertedAt()).isEqualTo(flag.insertedAt());
                });
        assertThat(store.setProbability("storeChanged", 0)).isTrue();
        assertThat(store.toggle(flag.id())).get().extracting(Flag::probability).isEqualTo(1.0);
        assertThat(store.toggle(flag.id())).get().extracting(Flag::probability).isEqualTo(0.0);
        assertThat(store.deleteById(flag.id())).isTrue();
        assertThat(store.byId(flag.id())).isEmpty();
        assertThat(store.deleteById(flag.id())).isFalse();
        assertThat(store.setProbability("storeChanged", 1)).isFalse();
        assertThat(store.update(flag.id(), "x", "y", 0)).isEmpty();
    }

    @Test
    void all_isOrderedByName() {
        assertThat(store.all()).extracting(Flag::name).isSorted();
    }

    private static void query(String sql, RowConsumer consumer) throws SQLException {
        try (Connection connection = scratch.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        }
    }

    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }
}
