package dev.shadowtx.web.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowProperties;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.web.reactive.ShadowWebFilter;
import dev.shadowtx.web.server.ConnectionPeerHooks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link ShadowWebFilter} in reactive (WebFlux) web applications, before every
 * other web filter, with the same {@code shadow.*} detection, trust and protection settings as
 * the servlet filter.
 * <p>
 * Reactive applications used to be refused at startup unless
 * {@code shadow.web.allow-unguarded-reactive=true}; that property is still accepted, is deprecated
 * and changes nothing: a reactive application now always reads markers.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono"})
@ConditionalOnBean({MarkerDetector.class, TrustPolicy.class})
@EnableConfigurationProperties(ShadowProtectionProperties.class)
public final class ShadowReactiveWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShadowWebFilter shadowWebFilter(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ObjectProvider<ShadowRecorder> recorder,
            ShadowProtectionProperties protection) {
        return new ShadowWebFilter(ShadowAdmissionFactory.create(detector, trustPolicy, recorder, protection));
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionPeerHooks shadowConnectionPeerHooks(ShadowProperties properties) {
        return new ConnectionPeerHooks(properties.getTrust().getMode());
    }
}
