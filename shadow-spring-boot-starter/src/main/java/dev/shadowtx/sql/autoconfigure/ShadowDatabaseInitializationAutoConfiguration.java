package dev.shadowtx.sql.autoconfigure;

import dev.shadowtx.sql.DatabaseInitializerLazyInitializationExcludeFilter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Database initializers run at startup under lazy initialization too: Flyway, Liquibase,
 * {@code spring.sql.init} (JDBC and R2DBC) and every other initializer Spring Boot detects, never
 * inside the first request that needs the database, which can be a shadow request. Without lazy
 * initialization the filter is never consulted and nothing changes.
 * <p>
 * The filter is declared by a {@code static} method: Spring Boot looks for such filters before any
 * bean is created, and an instance method would create this configuration first.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector")
public final class ShadowDatabaseInitializationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static DatabaseInitializerLazyInitializationExcludeFilter databaseInitializerLazyInitializationExcludeFilter(
            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        return new DatabaseInitializerLazyInitializationExcludeFilter(beanFactory, environment);
    }
}
