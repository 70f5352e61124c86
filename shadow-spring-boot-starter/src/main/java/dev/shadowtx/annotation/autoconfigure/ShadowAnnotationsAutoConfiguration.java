package dev.shadowtx.annotation.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowStatus;
import dev.shadowtx.core.annotation.LiveOnlyAdvisor;
import dev.shadowtx.core.metrics.ShadowRecorder;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Enforces {@code @LiveOnly} on every bean and exposes {@link ShadowStatus} for injection.
 * <p>
 * The advisor is an infrastructure bean, so every auto-proxy creator applies it, including the
 * minimal one of {@code @EnableTransactionManagement}. When the application has none at all
 * ({@code spring.aop.auto=false} and no transaction management), one is registered: an annotated
 * method must never run unguarded in shadow traffic because proxying was switched off.
 */
@AutoConfiguration(
        after = ShadowAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@Import(ShadowAnnotationsAutoConfiguration.AutoProxyRegistrar.class)
public final class ShadowAnnotationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShadowStatus shadowStatus() {
        return ShadowStatus.THREAD_BOUND;
    }

    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static LiveOnlyAdvisor shadowLiveOnlyAdvisor(ObjectProvider<ShadowRecorder> recorder) {
        return new LiveOnlyAdvisor(ShadowRecorder.lazy(recorder));
    }

    /**
     * Registers Spring's minimal auto-proxy creator unless the application already has one (which
     * it then leaves as it is).
     */
    static final class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
