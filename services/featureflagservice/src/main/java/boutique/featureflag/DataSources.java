package boutique.featureflag;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * The two ways the service connects: a pool with short waits everywhere for serving calls, so that with
 * PostgreSQL gone a caller hears UNAVAILABLE in well under a second; and plain connections with patient timeouts
 * for the migrations at start, which a busy machine or a server still starting must not fail.
 */
@Component
class DataSources {

    /** Long enough for a login on a loaded machine; a server that is down refuses at once anyway. */
    private static final int MIGRATION_TIMEOUT_SECONDS = 10;

    private final StoreProperties properties;

    DataSources(StoreProperties properties) {
        this.properties = properties;
    }

    HikariDataSource pool(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("flag-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(Math.min(2, properties.poolSize()));
        config.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis() / 2));
        config.setValidationTimeout(250);
        // Opened right after the migrations: a database gone in between is the same as one gone later.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", seconds(properties.connectTimeout()));
        config.addDataSourceProperty("loginTimeout", seconds(properties.connectTimeout()));
        config.addDataSourceProperty("socketTimeout", seconds(properties.queryTimeout()) + 1);
        config.addDataSourceProperty(
                "options", "-c statement_timeout=" + properties.queryTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "featureflagservice");
        return new HikariDataSource(config);
    }

    DataSource forMigrations(String jdbcUrl, String user, String password) {
        Properties connection = new Properties();
        if (user != null) {
            connection.setProperty("user", user);
        }
        if (password != null) {
            connection.setProperty("password", password);
        }
        connection.setProperty("connectTimeout", String.valueOf(MIGRATION_TIMEOUT_SECONDS));
        connection.setProperty("loginTimeout", String.valueOf(MIGRATION_TIMEOUT_SECONDS));
        connection.setProperty("ApplicationName", "featureflagservice");
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new Driver(), jdbcUrl);
        dataSource.setConnectionProperties(connection);
        return dataSource;
    }

    static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
