package dev.shadowtx.materialize.autoconfigure;

import dev.shadowtx.materialize.MaterializedShadowStore;
import dev.shadowtx.materialize.actuate.ShadowMaterializeEndpoint;
import dev.shadowtx.materialize.actuate.ShadowMaterializeHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The materialized store's actuator endpoint ({@code shadowmaterialize}) and health indicator
 * ({@code shadowMaterialize}).
 */
@AutoConfiguration(after = ShadowMaterializeAutoConfiguration.class)
@ConditionalOnBean(MaterializedShadowStore.class)
public final class ShadowMaterializeEndpointAutoConfiguration {

    /**
     * The endpoint, when the actuator is present and the endpoint exposed.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(ShadowMaterializeEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowMaterializeEndpoint shadowMaterializeEndpoint(MaterializedShadowStore store) {
            return new ShadowMaterializeEndpoint(store);
        }
    }

    /**
     * The health indicator, when Boot's health support is present.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("shadowMaterialize")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "shadowMaterializeHealthIndicator")
        ShadowMaterializeHealthIndicator shadowMaterializeHealthIndicator(
                MaterializedShadowStore store, ShadowMaterializeProperties properties) {
            return new ShadowMaterializeHealthIndicator(
                    store, properties.getHealth().getMaxLag());
        }
    }
}
