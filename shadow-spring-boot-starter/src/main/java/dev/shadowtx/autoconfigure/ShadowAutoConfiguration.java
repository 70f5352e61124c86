package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.marker.TrustMode;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.CompositeShadowRecorder;
import dev.shadowtx.core.metrics.MicrometerShadowRecorder;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Core of shadowtx: the marker names and their detection, the trust policy, the marker
 * propagation shared by every outbound integration (HTTP clients, Feign, Kafka), and the recorder
 * of guard decisions (meters and the decision log) that every guard reports to. The guards and integrations each
 * have an auto-configuration of their own, in the {@code autoconfigure} package beside their
 * technology.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ShadowProperties.class, ShadowPropagationProperties.class})
public final class ShadowAutoConfiguration {

    private static final Log logger = LogFactory.getLog(ShadowAutoConfiguration.class);

    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    @Bean
    @ConditionalOnMissingBean
    MarkerNames shadowMarkerNames(ShadowProperties properties) {
        return MarkerComponentFactory.markerNames(properties.getDetection());
    }

    @Bean
    @ConditionalOnMissingBean
    MarkerDetector shadowMarkerDetector(ShadowProperties properties, MarkerNames names) {
        return MarkerComponentFactory.detector(properties.getDetection().isHostSuffix(), names);
    }

    @Bean
    @ConditionalOnMissingBean
    MarkerPropagation shadowMarkerPropagation(MarkerNames names, ShadowPropagationProperties propagation) {
        return MarkerComponentFactory.propagation(names, propagation);
    }

    @Bean
    @ConditionalOnMissingBean
    TrustPolicy shadowTrustPolicy(ShadowProperties properties) {
        TrustPolicy policy = MarkerComponentFactory.trustPolicy(properties.getTrust(), Clock.systemUTC());
        if (properties.getTrust().getMode() == TrustMode.ANY) {
            logger.warn("shadow.trust.mode=ANY: any client that reaches this service can mark its requests as "
                    + "shadow (they are isolated, never committed). Use TRUSTED_PROXIES or SIGNED unless only "
                    + "the mesh can reach the service.");
        }
        return policy;
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowDecisionLog shadowDecisionLog(ShadowProperties properties) {
        int capacity = properties.getDecisions().getCapacity();
        if (capacity < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.decisions.capacity", capacity, "At least one decision must be kept");
        }
        return new ShadowDecisionLog(capacity, Clock.systemUTC());
    }

    /**
     * The recorder every guard reports to: the decision log, and Micrometer's counters when
     * Micrometer is on the class path (a meter registry bean is looked up when the recorder is
     * made). One bean method decides at run time instead of two configuration classes with
     * opposite class conditions, which Spring would parse, evaluate and register at every start.
     */
    @Bean
    @ConditionalOnMissingBean
    ShadowRecorder shadowRecorder(ShadowDecisionLog decisionLog, ConfigurableListableBeanFactory beanFactory) {
        if (ClassUtils.isPresent(METER_REGISTRY, beanFactory.getBeanClassLoader())) {
            return MicrometerRecorders.withDecisionLog(decisionLog, beanFactory);
        }
        return decisionLog.asRecorder();
    }

    /**
     * The Micrometer side, in a class of its own so that nothing loads Micrometer's types unless
     * Micrometer is present.
     */
    private static final class MicrometerRecorders {

        static ShadowRecorder withDecisionLog(
                ShadowDecisionLog decisionLog, ConfigurableListableBeanFactory beanFactory) {
            List<ShadowRecorder> recorders = new ArrayList<>(2);
            beanFactory
                    .getBeanProvider(MeterRegistry.class)
                    .ifAvailable((meters) -> recorders.add(new MicrometerShadowRecorder(meters)));
            recorders.add(decisionLog.asRecorder());
            return new CompositeShadowRecorder(recorders);
        }
    }
}
