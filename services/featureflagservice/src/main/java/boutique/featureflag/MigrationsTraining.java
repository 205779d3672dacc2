package boutique.featureflag;

import boutique.kit.OnlyInClassDataTraining;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Only in the class-data training run ({@code -Dspring.context.exit=onRefresh}), which ends before the database
 * is opened: starts the migrations against a port nothing listens on, so that the archive holds what Flyway and
 * the PostgreSQL driver load before they need a server. The database's opening, the last step of a (re)start,
 * then maps those classes instead of reading them from the jars. It connects to nothing and changes nothing.
 */
@Component
@Lazy(false)
@OnlyInClassDataTraining
class MigrationsTraining implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MigrationsTraining.class);

    @Override
    public void afterPropertiesSet() {
        try {
            Flyway.configure()
                    .dataSource("jdbc:postgresql://127.0.0.1:1/training?connectTimeout=1", "training", null)
                    .locations("classpath:db/migration")
                    .connectRetries(0)
                    .load()
                    .migrate();
        } catch (RuntimeException expected) {
            log.debug("training migrations, as expected without a server: {}", expected.toString());
        }
    }
}
