package dev.shadowtx.web.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowProperties;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.web.server.ConnectionPeerHooks;
import dev.shadowtx.web.servlet.ShadowRequestFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Registers the {@link ShadowRequestFilter} in servlet applications, before Spring Security and
 * the observation filter, for REQUEST, ASYNC and ERROR dispatches, and the hooks that let the
 * trust policy judge the TCP peer of the connection.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBean({MarkerDetector.class, TrustPolicy.class})
@EnableConfigurationProperties(ShadowProtectionProperties.class)
public final class ShadowServletAutoConfiguration {

    @Bean
    @ConditionalOnMissingFilterBean(ShadowRequestFilter.class)
    FilterRegistrationBean<ShadowRequestFilter> shadowRequestFilter(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ObjectProvider<ShadowRecorder> recorder,
            ShadowProtectionProperties protection) {
        ShadowRequestFilter filter =
                new ShadowRequestFilter(ShadowAdmissionFactory.create(detector, trustPolicy, recorder, protection));
        FilterRegistrationBean<ShadowRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(ShadowRequestFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionPeerHooks shadowConnectionPeerHooks(ShadowProperties properties) {
        return new ConnectionPeerHooks(properties.getTrust().getMode());
    }
}
