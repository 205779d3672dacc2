package boutique.featureflag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTests {

    @Test
    void parse_referenceEctoForm_givesJdbcUrlAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("ecto://ffs:ffs@ffs_postgres:5432/ffs");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://ffs_postgres:5432/ffs");
        assertThat(url.user()).isEqualTo("ffs");
        assertThat(url.password()).isEqualTo("ffs");
        assertThat(url.isLocal()).isFalse();
    }

    @Test
    void parse_postgresqlFormWithoutPortOrPassword_defaultsPort5432() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1/flags?sslmode=disable");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/flags?sslmode=disable");
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.password()).isNull();
        assertThat(url.isLocal()).isTrue();
        assertThat(url.display()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/flags");
    }

    @Test
    void parse_encodedPassword_isDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://ffs:p%40ss%3Aword@localhost:6543/ffs");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:6543/ffs");
    }

    @Test
    void parse_jdbcUrl_isKeptAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db.example:5432/ffs?user=ffs&password=secret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/ffs?user=ffs&password=secret");
        assertThat(url.host()).isEqualTo("db.example");
        assertThat(url.display()).doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://ffs@localhost/ffs", "postgresql://localhost", "not a url at all"})
    void parse_unusableUrl_namesTheVariable(String text) {
        assertThatThrownBy(() -> DatabaseUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL");
    }
}
