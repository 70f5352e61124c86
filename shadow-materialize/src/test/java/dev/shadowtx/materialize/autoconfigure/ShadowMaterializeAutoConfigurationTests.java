package dev.shadowtx.materialize.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.materialize.MaterializedShadowStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * What the auto-configuration refuses before it reaches any database: each failure names the
 * property to fix.
 */
class ShadowMaterializeAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowMaterializeAutoConfiguration.class, ShadowMaterializeEndpointAutoConfiguration.class));

    @Test
    void leavesNoBeanUnlessEnabled() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues("shadow.jdbc.mode=ROUTE")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MaterializedShadowStore.class));
    }

    @Test
    void leavesNoBeanWhenShadowtxIsOff() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues("shadow.enabled=false", "shadow.materialize.enabled=true", "shadow.jdbc.mode=ROUTE")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MaterializedShadowStore.class));
    }

    @Test
    void refusesToStartWithoutRouting() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues("shadow.materialize.enabled=true", "shadow.materialize.tables=orders")
                .run((context) -> assertThat(context).getFailure().hasStackTraceContaining("shadow.jdbc.mode"));
    }

    @Test
    void refusesToStartWithoutAShadowStore() {
        this.runner
                .withPropertyValues(
                        "shadow.materialize.enabled=true", "shadow.jdbc.mode=ROUTE", "shadow.materialize.tables=orders")
                .run((context) -> assertThat(context).getFailure().hasStackTraceContaining("shadowDataSource"));
    }

    @Test
    void refusesToStartWithoutTables() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues("shadow.materialize.enabled=true", "shadow.jdbc.mode=ROUTE")
                .run((context) ->
                        assertThat(context).getFailure().hasStackTraceContaining("shadow.materialize.tables"));
    }

    @Test
    void refusesALiveDatabaseThatIsNotPostgresql() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues(
                        "shadow.materialize.enabled=true",
                        "shadow.jdbc.mode=ROUTE",
                        "shadow.materialize.tables=orders",
                        "spring.datasource.url=jdbc:h2:mem:orders")
                .run((context) ->
                        assertThat(context).getFailure().hasStackTraceContaining("shadow.materialize.source.url"));
    }

    @Test
    void refusesAnInvalidSlotName() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues(
                        "shadow.materialize.enabled=true",
                        "shadow.jdbc.mode=ROUTE",
                        "shadow.materialize.tables=orders",
                        "shadow.materialize.source.url=jdbc:postgresql://live-db:5432/orders",
                        "shadow.materialize.source.slot-name=Orders-Shadow")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("shadow.materialize.source.slot-name"));
    }

    @Test
    void theKafkaSourceNeedsTopics() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues(
                        "shadow.materialize.enabled=true",
                        "shadow.jdbc.mode=ROUTE",
                        "shadow.materialize.tables=orders",
                        "shadow.materialize.source.type=KAFKA")
                .run((context) ->
                        assertThat(context).getFailure().hasStackTraceContaining("shadow.materialize.kafka.topics"));
    }

    @Test
    void refusesANonPositiveOwnershipTtl() {
        this.runner
                .withUserConfiguration(ShadowStore.class)
                .withPropertyValues(
                        "shadow.materialize.enabled=true",
                        "shadow.jdbc.mode=ROUTE",
                        "shadow.materialize.tables=orders",
                        "shadow.materialize.ownership-ttl=0s")
                .run((context) ->
                        assertThat(context).getFailure().hasStackTraceContaining("shadow.materialize.ownership-ttl"));
    }

    @Configuration(proxyBeanMethods = false)
    static class ShadowStore {

        @Bean(defaultCandidate = false)
        DataSource shadowDataSource() {
            return new SimpleDriverDataSource();
        }
    }
}
