package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import boutique.kit.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The schema on a real PostgreSQL, as a (re)start finds it: new, one migration behind, current (the one-query
 * check, no Flyway), or with a failed migration on record (left to Flyway, which refuses it).
 */
@ExtendWith(OutputCaptureExtension.class)
class FlagMigrationsIT {

    private static final int NEWEST = 3;

    private ScratchDatabase scratch;
    private DataSource dataSource;
    private final FlagMigrations migrations = new FlagMigrations(StoreFixture.properties("", false, null));

    @BeforeEach
    void createDatabase() {
        scratch = ScratchDatabase.create("flag_migrations_it");
        DatabaseUrl url = DatabaseUrl.parse(scratch.url());
        dataSource = new DataSources(StoreFixture.properties(scratch.url(), false, null))
                .forMigrations(url.jdbcUrl(), url.user(), url.password());
    }

    @AfterEach
    void dropDatabase() {
        scratch.close();
    }

    @Test
    void newDatabase_getsEveryMigration_andIsFoundCurrentAtTheNextStart(CapturedOutput output) throws Exception {
        migrations.migrate(dataSource);

        assertThat(history()).containsExactly("1 true", "2 true", NEWEST + " true");
        assertThat(flagNames()).containsAll(FlagStoreIT.SCENARIOS);
        assertThat(output).contains("(" + NEWEST + " migrations applied now)");

        migrations.migrate(dataSource);

        assertThat(output).contains("flag schema at version " + NEWEST + " (current)");
        assertThat(history()).hasSize(NEWEST);
    }

    @Test
    void databaseOneMigrationBehind_getsTheNewerOne(CapturedOutput output) throws Exception {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(String.valueOf(NEWEST - 1))
                .load()
                .migrate();

        migrations.migrate(dataSource);

        assertThat(history()).containsExactly("1 true", "2 true", NEWEST + " true");
        assertThat(output).contains("(1 migrations applied now)").doesNotContain("(current)");
    }

    @Test
    void databaseWithAFailedMigrationOnRecord_isRefused_notTakenForCurrent() throws Exception {
        migrations.migrate(dataSource);
        try (Connection connection = scratch.connect();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(
                    "update flyway_schema_history set success = false where version = '" + NEWEST + "'");
        }

        assertThatThrownBy(() -> migrations.migrate(dataSource)).hasMessageContaining("failed migration");
    }

    /** Each row of Flyway's history as "version success", in the order applied. */
    private List<String> history() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = scratch.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select version, success from flyway_schema_history order by installed_rank")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getBoolean(2));
            }
        }
        return rows;
    }

    private List<String> flagNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = scratch.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select name from featureflags")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }
}
