package dev.shadowtx.audit.autoconfigure;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.UncoveredChannelMonitor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * The leak audit: lists every side-effect channel of the application at startup, covered or not
 * ({@code shadow.audit.*}), refuses to start in strict mode while one is uncovered, and watches
 * the uncovered ones in shadow. Ordered after the guards' auto-configurations so that it sees
 * what they cover; the integration modules' auto-configurations order themselves before it.
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration",
            "dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration",
            "dev.shadowtx.r2dbc.autoconfigure.ShadowR2dbcAutoConfiguration",
            "dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.audit.enabled", matchIfMissing = true)
@EnableConfigurationProperties
public final class ShadowAuditAutoConfiguration {

    /**
     * The one binding of {@code shadow.audit.*}, shared by the audit and the monitor. The monitor
     * is a bean post-processor and needs it before the application's beans exist, hence an
     * infrastructure bean, bound by Boot like any configuration properties bean.
     */
    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ShadowAuditProperties shadowAuditProperties() {
        return new ShadowAuditProperties();
    }

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
            ShadowAuditProperties properties,
            ObjectProvider<ShadowLeakAudit> audit,
            ObjectProvider<ShadowRecorder> recorder) {
        return new UncoveredChannelMonitor(
                beanFactory,
                properties.getAccepted(),
                audit::getIfAvailable,
                ShadowRecorder.lazy(recorder),
                properties.isBlockUncovered());
    }
}
