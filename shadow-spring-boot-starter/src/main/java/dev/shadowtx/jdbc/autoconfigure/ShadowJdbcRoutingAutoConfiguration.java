package dev.shadowtx.jdbc.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.routing.ShadowJdbcMode;
import dev.shadowtx.core.routing.ShadowRoute;
import dev.shadowtx.core.routing.ShadowRoutingPostProcessor;
import dev.shadowtx.core.routing.ShadowStoreRouting;
import dev.shadowtx.core.routing.ShadowStoreVerifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Shadow data-store routing: with {@code shadow.jdbc.mode=ROUTE}, shadow work on the primary data
 * source runs on a separate shadow store (built from {@code shadow.datasource.*}, or the user's
 * {@code shadowDataSource} bean) while live work keeps the primary one. The shadow store gets the
 * application's Flyway migrations and is checked at startup; {@link ShadowStoreRouting} describes
 * the result for the actuator.
 * <p>
 * The shadow store bean is registered with {@code defaultCandidate = false}: Boot still
 * auto-configures the primary data source, and everything injected "the" data source gets the
 * primary one, routed.
 */
@AutoConfiguration(
        after = ShadowJdbcAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@Conditional(OnShadowRoutingCondition.class)
public final class ShadowJdbcRoutingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static ShadowRoutingPostProcessor shadowRoutingPostProcessor(
            Environment environment, ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowRoutingPostProcessor(
                routes(ShadowJdbcProperties.bind(environment)), ShadowRecorder.lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowStoreRouting shadowStoreRouting(ShadowRoutingPostProcessor routing) {
        return routing.routing();
    }

    @Bean
    @ConditionalOnMissingBean(name = "shadowRoutingDescriptor")
    ShadowDescriptor shadowRoutingDescriptor(ShadowStoreRouting routing) {
        return new ShadowDescriptor() {

            @Override
            public String section() {
                return "routing";
            }

            @Override
            public Map<String, Object> settings() {
                Map<String, Object> settings = new LinkedHashMap<>();
                for (ShadowStoreRouting.Route route : routing.routes()) {
                    settings.put(
                            route.dataSource(),
                            "ROUTE -> " + route.shadowDataSource() + (route.rollback() ? " (rolled back)" : "")
                                    + (route.verified() ? ", verified" : ""));
                }
                return settings;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowStoreStartupCheck shadowStoreStartupCheck(
            ShadowRoutingPostProcessor routing,
            Environment environment,
            ObjectProvider<ShadowStorePreparation> preparations) {
        return new ShadowStoreStartupCheck(
                routing, ShadowJdbcProperties.bind(environment), shadowUrl(environment), preparations);
    }

    static List<ShadowRoute> routes(ShadowJdbcProperties jdbc) {
        boolean rollback = jdbc.getRoute().isRollback();
        List<ShadowRoute> routes = new ArrayList<>();
        if (jdbc.getMode() == ShadowJdbcMode.ROUTE) {
            String dataSource = jdbc.getRoute().getDataSource();
            if (ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME.equals(dataSource)) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.route.data-source",
                        dataSource,
                        "The shadow store cannot be the data source it serves");
            }
            routes.add(new ShadowRoute(
                    StringUtils.hasText(dataSource) ? dataSource : null,
                    ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME,
                    rollback));
        }
        jdbc.getRoute().getDataSources().forEach((live, shadow) -> {
            if (!StringUtils.hasText(shadow) || shadow.equals(live)) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.route.data-sources." + live,
                        shadow,
                        "Name another DataSource bean to serve '" + live + "' in shadow");
            }
            routes.add(new ShadowRoute(live, shadow, rollback));
        });
        return routes;
    }

    private static @Nullable String shadowUrl(Environment environment) {
        // only ever shown in messages: keep credentials out
        return ShadowStoreVerifier.sanitize(environment.getProperty(ShadowStoreFailures.URL_PROPERTY));
    }

    /**
     * The shadow store of the primary data source, from {@code shadow.datasource.*}, unless the
     * application declares its own {@code shadowDataSource} bean.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DataSourceProperties.class)
    @ConditionalOnProperty(name = "shadow.jdbc.mode", havingValue = "route")
    @ConditionalOnProperty(name = ShadowStoreFailures.URL_PROPERTY)
    @ConditionalOnMissingBean(name = ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME)
    static class ShadowDataSourceConfiguration {

        @Bean(defaultCandidate = false)
        @ConfigurationProperties("shadow.datasource")
        DataSourceProperties shadowDataSourceProperties() {
            return new DataSourceProperties();
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(HikariDataSource.class)
        static class Hikari {

            @Bean(name = ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME, defaultCandidate = false)
            @ConfigurationProperties("shadow.datasource.hikari")
            HikariDataSource shadowDataSource(
                    @Qualifier("shadowDataSourceProperties") DataSourceProperties properties) {
                HikariDataSource dataSource = properties
                        .initializeDataSourceBuilder()
                        .type(HikariDataSource.class)
                        .build();
                dataSource.setPoolName(StringUtils.hasText(properties.getName()) ? properties.getName() : "shadow");
                return dataSource;
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnMissingClass("com.zaxxer.hikari.HikariDataSource")
        static class Generic {

            @Bean(name = ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME, defaultCandidate = false)
            DataSource shadowDataSource(@Qualifier("shadowDataSourceProperties") DataSourceProperties properties) {
                return properties.initializeDataSourceBuilder().build();
            }
        }
    }

    /**
     * Runs the primary data source's Flyway migrations on its shadow store too.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Flyway.class, FlywayMigrationStrategy.class})
    @ConditionalOnBean(Flyway.class)
    @ConditionalOnProperty(name = "shadow.jdbc.mode", havingValue = "route")
    @ConditionalOnBooleanProperty(name = "shadow.jdbc.route.migrate", matchIfMissing = true)
    static class ShadowFlywayConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowFlywayMigration shadowFlywayMigration(
                Flyway flyway,
                ObjectProvider<FlywayMigrationStrategy> strategy,
                ShadowRoutingPostProcessor routing,
                Environment environment) {
            return new ShadowFlywayMigration(
                    flyway,
                    strategy.getIfAvailable(),
                    routing,
                    ShadowJdbcProperties.bind(environment),
                    shadowUrl(environment));
        }
    }
}
