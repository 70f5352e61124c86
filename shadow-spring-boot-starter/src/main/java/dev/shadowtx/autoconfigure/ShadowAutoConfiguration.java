package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustMode;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.CompositeShadowRecorder;
import dev.shadowtx.core.metrics.MicrometerShadowRecorder;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryPostProcessor;
import dev.shadowtx.core.tx.ShadowCommitPolicy;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowSessionLimits;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Core of shadowtx: marker detection, the trust policy, and the transaction, JDBC and R2DBC
 * guards put on every transaction manager, data source and R2DBC connection factory of the
 * application.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowProperties.class)
public final class ShadowAutoConfiguration {

    private static final Log logger = LogFactory.getLog(ShadowAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    MarkerDetector shadowMarkerDetector(ShadowProperties properties) {
        return ShadowDetectionConfigurer.detector(properties.getDetection());
    }

    @Bean
    @ConditionalOnMissingBean
    TrustPolicy shadowTrustPolicy(ShadowProperties properties) {
        TrustPolicy policy = ShadowDetectionConfigurer.trustPolicy(properties.getTrust(), Clock.systemUTC());
        if (properties.getTrust().getMode() == TrustMode.ANY) {
            logger.warn("shadow.trust.mode=ANY: any client that reaches this service can mark its requests as "
                    + "shadow (they are isolated, never committed). Use TRUSTED_PROXIES or SIGNED unless only "
                    + "the mesh can reach the service.");
        }
        return policy;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.transactions.rollback", matchIfMissing = true)
    static ShadowTransactionManagerPostProcessor shadowTransactionManagerPostProcessor(
            ObjectProvider<ShadowRecorder> recorder, ObjectProvider<ShadowCommitPolicy> commitPolicies) {
        return new ShadowTransactionManagerPostProcessor(
                lazy(recorder),
                SingletonSupplier.of(() -> commitPolicies.orderedStream().toList()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.jdbc.guard", matchIfMissing = true)
    static ShadowDataSourcePostProcessor shadowDataSourcePostProcessor(
            ObjectProvider<ShadowRecorder> recorder, Environment environment) {
        return new ShadowDataSourcePostProcessor(lazy(recorder), sessionLimits(environment));
    }

    /**
     * Read the session limits from the environment: this post-processor is created before
     * configuration properties are bound.
     */
    static ShadowSessionLimits sessionLimits(Environment environment) {
        Binder binder = Binder.get(environment);
        Duration lockTimeout = positive(binder, "shadow.jdbc.lock-timeout");
        Duration statementTimeout = positive(binder, "shadow.jdbc.statement-timeout");
        return new ShadowSessionLimits(lockTimeout, statementTimeout);
    }

    private static @Nullable Duration positive(Binder binder, String name) {
        Duration value = binder.bind(name, Duration.class).orElse(null);
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidConfigurationPropertyValueException(name, value, "The timeout must be positive");
        }
        return value;
    }

    /**
     * Resolves the recorder on first use, so that post-processors created early do not pull the
     * recorder (and the meter registry) out of the normal bean lifecycle.
     */
    public static Supplier<ShadowRecorder> lazy(ObjectProvider<ShadowRecorder> recorder) {
        return SingletonSupplier.of(() -> recorder.getIfAvailable(() -> ShadowRecorder.NOOP));
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

    @Bean
    @ConditionalOnMissingBean(name = "shadowCoreDescriptor")
    ShadowDescriptor shadowCoreDescriptor(ShadowProperties properties) {
        return new CoreDescriptor(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowStartupSummary shadowStartupSummary(ObjectProvider<ShadowDescriptor> descriptors) {
        return new ShadowStartupSummary(descriptors);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "reactor.core.publisher.Mono"})
    @ConditionalOnBooleanProperty(name = "shadow.r2dbc.guard", matchIfMissing = true)
    static class R2dbcGuardConfiguration {

        @Bean
        @ConditionalOnMissingBean
        static ShadowConnectionFactoryPostProcessor shadowConnectionFactoryPostProcessor(
                ObjectProvider<ShadowRecorder> recorder) {
            return new ShadowConnectionFactoryPostProcessor(lazy(recorder));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MicrometerRecorderConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowRecorder shadowRecorder(ShadowDecisionLog decisionLog, ObjectProvider<MeterRegistry> registry) {
            List<ShadowRecorder> recorders = new ArrayList<>();
            registry.ifAvailable((meters) -> recorders.add(new MicrometerShadowRecorder(meters)));
            recorders.add(decisionLog.asRecorder());
            return new CompositeShadowRecorder(recorders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
    static class DecisionLogRecorderConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowRecorder shadowRecorder(ShadowDecisionLog decisionLog) {
            return decisionLog.asRecorder();
        }
    }
}
