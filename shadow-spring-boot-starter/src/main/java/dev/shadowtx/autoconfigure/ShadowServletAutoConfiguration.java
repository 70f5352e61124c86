package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.protection.ShadowBulkhead;
import dev.shadowtx.core.protection.ShadowRateLimiter;
import dev.shadowtx.observation.ShadowServerRequestObservationFilter;
import dev.shadowtx.web.servlet.ShadowRequestFilter;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Registers the {@link ShadowRequestFilter} in servlet applications, before Spring Security and
 * the observation filter, for REQUEST, ASYNC and ERROR dispatches, and the {@code shadow} key on
 * server request observations.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBean({MarkerDetector.class, TrustPolicy.class})
public final class ShadowServletAutoConfiguration {

    @Bean
    @ConditionalOnMissingFilterBean(ShadowRequestFilter.class)
    FilterRegistrationBean<ShadowRequestFilter> shadowRequestFilter(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ObjectProvider<ShadowRecorder> recorder,
            ShadowProperties properties) {
        ShadowRequestFilter filter = new ShadowRequestFilter(
                detector,
                trustPolicy,
                recorder.getIfAvailable(() -> ShadowRecorder.NOOP),
                bulkhead(properties.getProtection()),
                rateLimiter(properties.getProtection()));
        FilterRegistrationBean<ShadowRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(ShadowRequestFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    @ConditionalOnClass(
            name = {
                "io.micrometer.observation.ObservationFilter",
                "org.springframework.http.server.observation.ServerRequestObservationContext"
            })
    @ConditionalOnMissingBean
    ShadowServerRequestObservationFilter shadowServerRequestObservationFilter() {
        return new ShadowServerRequestObservationFilter();
    }

    private static @Nullable ShadowBulkhead bulkhead(ShadowProperties.Protection protection) {
        Integer maxConcurrent = protection.getMaxConcurrent();
        if (maxConcurrent == null) {
            return null;
        }
        if (maxConcurrent < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.max-concurrent",
                    maxConcurrent,
                    "At least one concurrent shadow request must be allowed; leave it unset for no limit");
        }
        return new ShadowBulkhead(maxConcurrent);
    }

    static @Nullable ShadowRateLimiter rateLimiter(ShadowProperties.Protection protection) {
        Double maxRate = protection.getMaxRate();
        Integer burst = protection.getBurst();
        if (maxRate == null) {
            if (burst != null) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.protection.burst",
                        burst,
                        "It only applies with shadow.protection.max-rate; set that too");
            }
            return null;
        }
        if (!(maxRate >= ShadowRateLimiter.MIN_PERMITS_PER_SECOND) || maxRate.isInfinite()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.max-rate",
                    maxRate,
                    "Shadow requests per second must be a finite number of at least "
                            + ShadowRateLimiter.MIN_PERMITS_PER_SECOND + "; leave it unset for no limit");
        }
        int effectiveBurst = (burst != null) ? burst : (int) Math.min(ShadowRateLimiter.MAX_BURST, Math.ceil(maxRate));
        if (effectiveBurst < 1 || effectiveBurst > ShadowRateLimiter.MAX_BURST) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.burst",
                    effectiveBurst,
                    "The burst must be between 1 and " + ShadowRateLimiter.MAX_BURST);
        }
        return new ShadowRateLimiter(maxRate, effectiveBurst);
    }
}
