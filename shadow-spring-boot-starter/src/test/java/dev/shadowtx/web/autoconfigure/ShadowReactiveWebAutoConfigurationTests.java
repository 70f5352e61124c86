package dev.shadowtx.web.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.observation.ShadowReactiveServerRequestObservationFilter;
import dev.shadowtx.observation.autoconfigure.ShadowObservationAutoConfiguration;
import dev.shadowtx.web.ShadowAdmission;
import dev.shadowtx.web.reactive.ShadowWebFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

class ShadowReactiveWebAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowObservationAutoConfiguration.class,
                    ShadowReactiveWebAutoConfiguration.class));

    @Test
    void reactiveWebApplicationStartsGuardedByTheWebFilter() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ShadowWebFilter.class);
            assertThat(context.getBean(ShadowWebFilter.class).getOrder()).isEqualTo(ShadowWebFilter.ORDER);
            assertThat(context).hasSingleBean(ShadowReactiveServerRequestObservationFilter.class);
        });
    }

    @Test
    void deprecatedAcknowledgementIsStillAcceptedAndChangesNothing() {
        this.runner
                .withPropertyValues("shadow.web.allow-unguarded-reactive=true")
                .run((context) -> assertThat(context).hasSingleBean(ShadowWebFilter.class));
    }

    @Test
    void backsOffWhenShadowtxIsDisabled() {
        this.runner
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShadowWebFilter.class));
    }

    @Test
    void backsOffFromAUserDefinedFilter() {
        this.runner
                .withUserConfiguration(OwnFilter.class)
                .run((context) -> assertThat(context)
                        .getBean(ShadowWebFilter.class)
                        .isSameAs(context.getBean("ownShadowWebFilter")));
    }

    @Test
    void backsOffWithoutReactor() {
        this.runner
                .withClassLoader(new FilteredClassLoader("reactor.core"))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShadowWebFilter.class));
    }

    @Test
    void validatesTheBulkheadLikeTheServletFilter() {
        this.runner
                .withPropertyValues("shadow.protection.max-concurrent=0")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("shadow.protection.max-concurrent"));
    }

    @Test
    void validatesTheRateLimitLikeTheServletFilter() {
        this.runner
                .withPropertyValues("shadow.protection.burst=5")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("shadow.protection.burst"));
    }

    @Test
    void servletApplicationsGetNoWebFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowObservationAutoConfiguration.class,
                        ShadowReactiveWebAutoConfiguration.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebFilter.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {

        @Bean
        ShadowWebFilter ownShadowWebFilter() {
            return new ShadowWebFilter(
                    new ShadowAdmission((carrier) -> Detection.LIVE, TrustPolicy.ANY, ShadowRecorder.NOOP, null, null));
        }
    }
}
