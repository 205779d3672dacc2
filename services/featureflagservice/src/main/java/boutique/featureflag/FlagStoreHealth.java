package boutique.featureflag;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** HTTP health: UP once the flags' database is open, OUT_OF_SERVICE until then; the details say where it is. */
@Component
class FlagStoreHealth implements HealthIndicator {

    private final FlagDatabase database;

    FlagStoreHealth(FlagDatabase database) {
        this.database = database;
    }

    @Override
    public Health health() {
        Health.Builder health = database.isReady() ? Health.up() : Health.outOfService();
        return health.withDetail("store", database.description()).build();
    }
}
