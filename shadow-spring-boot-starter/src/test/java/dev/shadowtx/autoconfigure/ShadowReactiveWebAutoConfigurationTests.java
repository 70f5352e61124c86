package dev.shadowtx.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ShadowReactiveWebAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowReactiveWebAutoConfiguration.class));

    @Test
    void reactiveWebApplicationRefusesToStartNamingTheProperty() {
        this.runner.run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("shadow.web.allow-unguarded-reactive")
                    .hasMessageContaining("would run as live");
        });
    }

    @Test
    void reactiveWebApplicationStartsWhenTheUserAcknowledges() {
        this.runner
                .withPropertyValues("shadow.web.allow-unguarded-reactive=true")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void reactiveWebApplicationStartsWhenShadowtxIsDisabled() {
        this.runner
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void servletApplicationsAreNotConcerned() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowReactiveWebAutoConfiguration.class))
                .run((context) -> assertThat(context).hasNotFailed());
    }
}
