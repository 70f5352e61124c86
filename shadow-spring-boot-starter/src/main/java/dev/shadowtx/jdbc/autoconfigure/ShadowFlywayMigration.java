package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowRoute;
import dev.shadowtx.core.routing.ShadowRoutingPostProcessor;
import dev.shadowtx.core.routing.ShadowStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the application's Flyway migrations on the shadow store of the primary data source, with
 * the same configuration (locations, placeholders, callbacks) and the same migration strategy as
 * on the live store, so both stores keep the same schema release after release. Runs just
 * before the startup check, once the live store's own migrations have run.
 */
final class ShadowFlywayMigration implements ShadowStorePreparation {

    private final Flyway flyway;

    private final @Nullable FlywayMigrationStrategy strategy;

    private final ShadowRoutingPostProcessor routing;

    private final ShadowJdbcProperties jdbc;

    private final @Nullable String shadowUrl;

    ShadowFlywayMigration(
            Flyway flyway,
            @Nullable FlywayMigrationStrategy strategy,
            ShadowRoutingPostProcessor routing,
            ShadowJdbcProperties jdbc,
            @Nullable String shadowUrl) {
        this.flyway = flyway;
        this.strategy = strategy;
        this.routing = routing;
        this.jdbc = jdbc;
        this.shadowUrl = shadowUrl;
    }

    @Override
    public void prepare() {
        DataSource shadow;
        try {
            shadow = this.routing.shadowStore(ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME);
        } catch (NoSuchBeanDefinitionException ex) {
            return; // reported with the property to set by the startup check
        }
        checkReachable(shadow);
        Configuration configuration = this.flyway.getConfiguration();
        Flyway shadowFlyway = Flyway.configure(configuration.getClassLoader())
                .configuration(configuration)
                .dataSource(shadow)
                .load();
        try {
            if (this.strategy != null) {
                this.strategy.migrate(shadowFlyway);
            } else {
                shadowFlyway.migrate();
            }
        } catch (RuntimeException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.jdbc.route.migrate",
                    true,
                    "The Flyway migrations failed on the shadow store 'shadowDataSource': " + ex.getMessage());
        }
    }

    private void checkReachable(DataSource shadow) {
        try (Connection connection = shadow.getConnection()) {
            connection.isValid(1);
        } catch (SQLException | RuntimeException ex) {
            throw ShadowStoreFailures.translate(
                    new ShadowStoreException(
                            ShadowStoreException.Problem.UNREACHABLE,
                            "dataSource",
                            "The shadow store 'shadowDataSource' is unreachable: " + ex.getMessage(),
                            ex),
                    this.jdbc,
                    this.shadowUrl);
        }
    }
}
