package boutique.featureflag;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Tells a DATABASE_URL that names this machine but has no usable server behind it. Locally, that usually means
 * the shop runs without its database container: nothing listens, or the machine's own PostgreSQL has no
 * {@code ffs} login or database. Then the embedded PostgreSQL stands in, unless the fallback is off. Every
 * connection attempt is checked, so a wait for the database ends as soon as one shows that.
 */
@Component
class LocalDatabaseCheck {

    /** The server answered but refused us: no such role, wrong password, no such database. */
    private static final Set<String> REJECTED = Set.of("28000", "28P01", "3D000");

    private final StoreProperties properties;

    LocalDatabaseCheck(StoreProperties properties) {
        this.properties = properties;
    }

    /** {@code dataSource}, whose connection attempts throw {@link LocalDatabaseAbsent} when they show none. */
    DataSource watching(DatabaseUrl url, DataSource dataSource) {
        if (!properties.embeddedFallback() || !url.isLocal()) {
            return dataSource;
        }
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    return super.getConnection();
                } catch (SQLException e) {
                    if (isAbsence(e)) {
                        throw new LocalDatabaseAbsent(Failures.reason(e));
                    }
                    throw e;
                }
            }
        };
    }

    private static boolean isAbsence(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && REJECTED.contains(sql.getSQLState())) {
                return true;
            }
        }
        return Failures.hasCause(failure, ConnectException.class);
    }

    /** No usable server at the local address; the message says why. */
    static final class LocalDatabaseAbsent extends RuntimeException {

        LocalDatabaseAbsent(String reason) {
            super(reason, null, false, false);
        }
    }
}
