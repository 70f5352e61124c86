package dev.shadowtx.actuate.autoconfigure;

import dev.shadowtx.actuate.ShadowEndpoint;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code shadow} actuator endpoint, when Spring Boot Actuator and Micrometer are present and
 * the endpoint is exposed ({@code management.endpoints.web.exposure.include=shadow}).
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, MeterRegistry.class})
@ConditionalOnBean(ShadowDecisionLog.class)
@ConditionalOnAvailableEndpoint(ShadowEndpoint.class)
public final class ShadowEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShadowEndpoint shadowEndpoint(
            ObjectProvider<ShadowDescriptor> descriptors,
            ShadowDecisionLog decisionLog,
            ObjectProvider<MeterRegistry> meterRegistry,
            ObjectProvider<ShadowLeakAudit> audit) {
        return new ShadowEndpoint(descriptors, decisionLog, meterRegistry.getIfAvailable(), audit::getIfAvailable);
    }
}
