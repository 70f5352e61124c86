package dev.shadowtx.sql.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.sql.DatabaseInitializerLazyInitializationExcludeFilter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

class ShadowDatabaseInitializationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ShadowDatabaseInitializationAutoConfiguration.class));

    @Test
    void keepsDatabaseInitializersOutOfLazyInitialization() {
        this.runner.run(
                context -> assertThat(context).hasSingleBean(DatabaseInitializerLazyInitializationExcludeFilter.class));
    }

    @Test
    void registersNoFilterWhenShadowIsDisabled() {
        this.runner
                .withPropertyValues("shadow.enabled=false")
                .run(context ->
                        assertThat(context).doesNotHaveBean(DatabaseInitializerLazyInitializationExcludeFilter.class));
    }

    @Test
    void backsOffWithoutSpringBootSqlInitialization() {
        this.runner
                .withClassLoader(new FilteredClassLoader(DatabaseInitializerDetector.class))
                .run(context ->
                        assertThat(context).doesNotHaveBean(DatabaseInitializerLazyInitializationExcludeFilter.class));
    }

    @Test
    void backsOffWhenTheApplicationDeclaresItsOwnFilter() {
        this.runner
                .withUserConfiguration(OwnFilter.class)
                .run(context -> assertThat(context)
                        .getBean(DatabaseInitializerLazyInitializationExcludeFilter.class)
                        .isSameAs(OwnFilter.FILTER));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {

        static DatabaseInitializerLazyInitializationExcludeFilter FILTER;

        @Bean
        static DatabaseInitializerLazyInitializationExcludeFilter ownFilter(
                ConfigurableListableBeanFactory beanFactory, Environment environment) {
            FILTER = new DatabaseInitializerLazyInitializationExcludeFilter(beanFactory, environment);
            return FILTER;
        }
    }
}
