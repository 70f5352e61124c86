package dev.shadowtx.observation.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.observation.ShadowReactiveServerRequestObservationFilter;
import dev.shadowtx.observation.ShadowServerRequestObservationConvention;
import dev.shadowtx.observation.ShadowServerRequestObservationFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * The low-cardinality key {@code shadow} on server request observations, servlet and reactive,
 * so that {@code http.server.requests} and traces split shadow traffic from live. It is added
 * wherever the inbound filter reads markers; on servlet applications without a server request
 * convention of their own, by the convention that builds Spring's key values with it.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
@ConditionalOnBean({MarkerDetector.class, TrustPolicy.class})
public final class ShadowObservationAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.filter.OncePerRequestFilter",
                "org.springframework.http.server.observation.ServerRequestObservationContext"
            })
    static class ServletConfiguration {

        private static final String REQUESTS_NAME_PROPERTY = "management.observations.http.server.requests.name";

        private static final String DEFAULT_REQUESTS_NAME = "http.server.requests";

        @Bean
        @ConditionalOnMissingBean
        ShadowServerRequestObservationFilter shadowServerRequestObservationFilter() {
            return new ShadowServerRequestObservationFilter();
        }

        /**
         * The convention of servlet server observations, unless the application has its own: Spring's
         * default with the {@code shadow} key built in, named as Spring Boot names it.
         */
        @Bean
        @ConditionalOnMissingBean(ServerRequestObservationConvention.class)
        ShadowServerRequestObservationConvention shadowServerRequestObservationConvention(Environment environment) {
            return new ShadowServerRequestObservationConvention(
                    environment.getProperty(REQUESTS_NAME_PROPERTY, DEFAULT_REQUESTS_NAME));
        }
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
