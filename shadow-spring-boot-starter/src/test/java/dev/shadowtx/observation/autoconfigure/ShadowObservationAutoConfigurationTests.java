package dev.shadowtx.observation.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.observation.ShadowServerRequestObservationConvention;
import dev.shadowtx.observation.ShadowServerRequestObservationFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

class ShadowObservationAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowObservationAutoConfiguration.class));

    @Test
    void servletApplicationGetsTheConventionWithTheShadowKeyUnderSpringBootsName() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ShadowServerRequestObservationFilter.class);
            assertThat(context)
                    .getBean(ServerRequestObservationConvention.class)
                    .isInstanceOf(ShadowServerRequestObservationConvention.class)
                    .extracting(ServerRequestObservationConvention::getName)
                    .isEqualTo("http.server.requests");
        });
    }

    @Test
    void theConventionKeepsTheNameTheApplicationGivesTheObservation() {
        this.runner
                .withPropertyValues("management.observations.http.server.requests.name=orders.requests")
                .run((context) -> assertThat(context)
                        .getBean(ServerRequestObservationConvention.class)
                        .extracting(ServerRequestObservationConvention::getName)
                        .isEqualTo("orders.requests"));
    }

    @Test
    void anApplicationsOwnConventionIsKeptAndTheFilterAddsTheKey() {
        this.runner.withUserConfiguration(OwnConvention.class).run((context) -> {
            assertThat(context)
                    .getBean(ServerRequestObservationConvention.class)
                    .isNotInstanceOf(ShadowServerRequestObservationConvention.class);
            assertThat(context).hasSingleBean(ShadowServerRequestObservationFilter.class);
        });
    }

    @Test
    void nothingWhenShadowtxIsDisabled() {
        this.runner
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(ServerRequestObservationConvention.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConvention {

        @Bean
        ServerRequestObservationConvention ownConvention() {
            return new DefaultServerRequestObservationConvention("own");
        }
    }
}
