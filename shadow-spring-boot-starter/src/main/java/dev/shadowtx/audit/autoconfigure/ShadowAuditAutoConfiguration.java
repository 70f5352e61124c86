package dev.shadowtx.audit.autoconfigure;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.UncoveredChannelMonitor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * The leak audit: lists every side-effect channel of the application at startup, covered or not
 * ({@code shadow.audit.*}), refuses to start in strict mode while one is uncovered, and watches
 * the uncovered ones in shadow. Ordered after the guards' auto-configurations so that it sees
 * what they cover.
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration",
            "dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration",
            "dev.shadowtx.r2dbc.autoconfigure.ShadowR2dbcAutoConfiguration",
            "dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration",
            "dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration",
            "dev.shadowtx.feign.autoconfigure.ShadowFeignAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.audit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowAuditProperties.class)
public final class ShadowAuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShadowLeakAudit shadowLeakAudit(ConfigurableListableBeanFactory beanFactory, ShadowAuditProperties properties) {
        return new ShadowLeakAudit(beanFactory, properties.getAccepted(), properties.isStrict());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.audit.monitor", matchIfMissing = true)
    static UncoveredChannelMonitor shadowUncoveredChannelMonitor(
            ConfigurableListableBeanFactory beanFactory,
            Environment environment,
            ObjectProvider<ShadowLeakAudit> audit,
            ObjectProvider<ShadowRecorder> recorder) {
        Binder binder = Binder.get(environment);
        List<String> accepted = binder.bind("shadow.audit.accepted", Bindable.listOf(String.class))
                .orElse(List.of());
        boolean block =
                binder.bind("shadow.audit.block-uncovered", Boolean.class).orElse(true);
        Supplier<ShadowRecorder> lazyRecorder =
                SingletonSupplier.of(() -> recorder.getIfAvailable(() -> ShadowRecorder.NOOP));
        return new UncoveredChannelMonitor(beanFactory, accepted, audit::getIfAvailable, lazyRecorder, block);
    }
}
