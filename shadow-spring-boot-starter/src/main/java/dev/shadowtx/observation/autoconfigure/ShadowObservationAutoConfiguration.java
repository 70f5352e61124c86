package dev.shadowtx.observation.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.observation.ShadowReactiveServerRequestObservationFilter;
import dev.shadowtx.observation.ShadowServerRequestObservationFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The low-cardinality key {@code shadow} on server request observations, servlet and reactive,
 * so that {@code http.server.requests} and traces split shadow traffic from live. It is added
 * wherever the inbound filter reads markers.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
@ConditionalOnBean({MarkerDetector.class, TrustPolicy.class})
public final class ShadowObservationAutoConfiguration {

    /**
     * The servlet key, on a bean method rather than a configuration class of its own: its type
     * needs nothing beyond Micrometer's {@code ObservationFilter}, so the method's conditions are
     * enough, and a servlet application parses one configuration class less at startup.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.filter.OncePerRequestFilter",
                "org.springframework.http.server.observation.ServerRequestObservationContext"
            })
    ShadowServerRequestObservationFilter shadowServerRequestObservationFilter() {
        return new ShadowServerRequestObservationFilter();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.server.WebFilter",
                "reactor.core.publisher.Mono",
                "org.springframework.http.server.reactive.observation.ServerRequestObservationContext"
            })
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowReactiveServerRequestObservationFilter shadowReactiveServerRequestObservationFilter() {
            return new ShadowReactiveServerRequestObservationFilter();
        }
    }
}
