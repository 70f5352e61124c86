package dev.shadowtx.sql;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.util.ClassUtils;

/**
 * Keeps the beans that initialize a database out of lazy initialization, so that they run at
 * startup. Under {@code spring.main.lazy-initialization=true} Spring Boot leaves Flyway's and
 * Liquibase's initializers and the {@code spring.sql.init} script initializers lazy: they would run
 * with the first bean that needs the database, and when a shadow request creates that bean their
 * writes are shadow writes, rolled back or refused, and the schema is never made for live traffic.
 * <p>
 * The initializers are the beans that Spring Boot's {@link DatabaseInitializerDetector}s find, the
 * detectors Boot itself uses to order database initialization, so an initializer of a library that
 * contributes its own detector is kept eager too. So is every {@code EntityManagerFactory}: Hibernate
 * generates the schema when it is created ({@code spring.jpa.hibernate.ddl-auto}). Boot's own is
 * created at startup anyway (it is {@code LoadTimeWeaverAware}); one declared as a plain
 * {@code EntityManagerFactory} bean would otherwise be created by the first request that needs it.
 */
public final class DatabaseInitializerLazyInitializationExcludeFilter implements LazyInitializationExcludeFilter {

    private static final String ENTITY_MANAGER_FACTORY = "jakarta.persistence.EntityManagerFactory";

    private final ConfigurableListableBeanFactory beanFactory;

    private final Environment environment;

    private final @Nullable Class<?> entityManagerFactoryType;

    private @Nullable Set<String> initializers;

    /**
     * Creates a filter that asks the database initializer detectors of the given bean factory's
     * class loader.
     * @param beanFactory the bean factory whose bean definitions are filtered
     * @param environment the environment the detectors read
     */
    public DatabaseInitializerLazyInitializationExcludeFilter(
            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        this.entityManagerFactoryType = ClassUtils.isPresent(ENTITY_MANAGER_FACTORY, classLoader)
                ? ClassUtils.resolveClassName(ENTITY_MANAGER_FACTORY, classLoader)
                : null;
    }

    @Override
    public boolean isExcluded(String beanName, BeanDefinition beanDefinition, @Nullable Class<?> beanType) {
        return initializers().contains(beanName) || isEntityManagerFactory(beanType);
    }

    private boolean isEntityManagerFactory(@Nullable Class<?> beanType) {
        return beanType != null
                && this.entityManagerFactoryType != null
                && this.entityManagerFactoryType.isAssignableFrom(beanType);
    }

    private Set<String> initializers() {
        Set<String> initializers = this.initializers;
        if (initializers == null) {
            initializers = detect();
            this.initializers = initializers;
        }
        return initializers;
    }

    private Set<String> detect() {
        Set<String> names = new HashSet<>();
        SpringFactoriesLoader.forDefaultResourceLocation(this.beanFactory.getBeanClassLoader())
                .load(DatabaseInitializerDetector.class, ArgumentResolver.of(Environment.class, this.environment))
                .forEach(detector -> names.addAll(detector.detect(this.beanFactory)));
        return names;
    }
}
