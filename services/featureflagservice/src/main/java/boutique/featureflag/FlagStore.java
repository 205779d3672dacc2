package boutique.featureflag;

import boutique.kit.ShopException;
import io.grpc.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

/**
 * The {@code featureflags} table, through prepared statements only. A database failure becomes UNAVAILABLE
 * (logged at most every ten seconds, since every flag reader polls); a taken name becomes ALREADY_EXISTS.
 */
@Repository
class FlagStore {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);
    private static final String COLUMNS = "id, name, description, enabled, inserted_at, updated_at";
    /** Whole seconds in UTC, as the reference stores them. */
    private static final String NOW = "date_trunc('second', now() AT TIME ZONE 'UTC')";

    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final FlagDatabase database;
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    FlagStore(FlagDatabase database) {
        this.database = database;
    }

    List<Flag> all() {
        return guard(() -> database.jdbc()
                .sql("SELECT " + COLUMNS + " FROM featureflags ORDER BY name, id")
                .query(FlagStore::toFlag)
                .list());
    }

    Optional<Flag> byName(String name) {
        return guard(() -> database.jdbc()
                .sql("SELECT " + COLUMNS + " FROM featureflags WHERE name = ?")
                .param(name)
                .query(FlagStore::toFlag)
                .optional());
    }

    Optional<Flag> byId(long id) {
        return guard(() -> database.jdbc()
                .sql("SELECT " + COLUMNS + " FROM featureflags WHERE id = ?")
                .param(id)
                .query(FlagStore::toFlag)
                .optional());
    }

    Flag create(String name, String description, double probability) {
        return guard(
                () -> database.jdbc()
                        .sql("INSERT INTO featureflags (name, description, enabled, inserted_at,"
                                + " updated_at) VALUES (?, ?, ?, " + NOW + ", " + NOW + ") RETURNING " + COLUMNS)
                        .params(name, description, probability)
                        .query(FlagStore::toFlag)
                        .single(),
                name);
    }

    Optional<Flag> update(long id, String name, String description, double probability) {
        return guard(
                () -> database.jdbc()
                        .sql("UPDATE featureflags SET name = ?, description = ?, enabled = ?," + " updated_at = " + NOW
                                + " WHERE id = ? RETURNING " + COLUMNS)
                        .params(name, description, probability, id)
                        .query(FlagStore::toFlag)
                        .optional(),
                name);
    }

    /** Sets a flag's probability by name; false when there is no such flag. */
    boolean setProbability(String name, double probability) {
        return guard(() -> database.jdbc()
                        .sql("UPDATE featureflags SET enabled = ?, updated_at = " + NOW + " WHERE name = ?")
                        .params(probability, name)
                        .update()
                > 0);
    }

    /** Switches a flag fully on when it is off, and off when it fires at all; empty when there is no such flag. */
    Optional<Flag> toggle(long id) {
        return guard(() -> database.jdbc()
                .sql("UPDATE featureflags SET enabled = CASE WHEN enabled > 0 THEN 0.0" + " ELSE 1.0 END, updated_at = "
                        + NOW + " WHERE id = ? RETURNING " + COLUMNS)
                .param(id)
                .query(FlagStore::toFlag)
                .optional());
    }

    boolean deleteById(long id) {
        return guard(() -> database.jdbc()
                        .sql("DELETE FROM featureflags WHERE id = ?")
                        .param(id)
                        .update()
                > 0);
    }

    boolean deleteByName(String name) {
        return guard(() -> database.jdbc()
                        .sql("DELETE FROM featureflags WHERE name = ?")
                        .param(name)
                        .update()
                > 0);
    }

    private static Flag toFlag(ResultSet row, int rowNumber) throws SQLException {
        return new Flag(
                row.getLong("id"),
                row.getString("name"),
                row.getString("description"),
                row.getDouble("enabled"),
                row.getTimestamp("inserted_at").toLocalDateTime().toInstant(ZoneOffset.UTC),
                row.getTimestamp("updated_at").toLocalDateTime().toInstant(ZoneOffset.UTC));
    }

    private <T> T guard(Supplier<T> statement) {
        return guard(statement, null);
    }

    private <T> T guard(Supplier<T> statement, String name) {
        try {
            return statement.get();
        } catch (DuplicateKeyException e) {
            throw new DuplicateFlagException(name);
        } catch (DataIntegrityViolationException e) {
            // The table's own checks (length, range) back up the callers' validation.
            throw ShopException.invalidArgument("the feature flag does not fit the store's rules");
        } catch (DataAccessException e) {
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY_NANOS) {
                lastWarning = now;
                log.warn(
                        "feature flag store unavailable ({}): {}",
                        database.description(),
                        e.getMostSpecificCause().getMessage());
            }
            throw ShopException.unavailable("the feature flag store is unavailable");
        }
    }

    /** A flag of that name exists already. */
    static final class DuplicateFlagException extends ShopException {

        DuplicateFlagException(String name) {
            super(Status.Code.ALREADY_EXISTS, "a feature flag named " + name + " already exists");
        }
    }
}
