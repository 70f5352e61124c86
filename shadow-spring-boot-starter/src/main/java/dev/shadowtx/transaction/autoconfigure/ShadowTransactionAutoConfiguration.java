package dev.shadowtx.transaction.autoconfigure;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.tx.ShadowCommitPolicy;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * The transaction guard on every transaction manager of the application: an outermost commit in
 * shadow becomes a rollback ({@code shadow.transactions.rollback}), unless a
 * {@link ShadowCommitPolicy} bean proves the transaction touches no live state.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowTransactionProperties.class)
public final class ShadowTransactionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.transactions.rollback", matchIfMissing = true)
    static ShadowTransactionManagerPostProcessor shadowTransactionManagerPostProcessor(
            ObjectProvider<ShadowRecorder> recorder, ObjectProvider<ShadowCommitPolicy> commitPolicies) {
        return new ShadowTransactionManagerPostProcessor(
                ShadowRecorder.lazy(recorder),
                SingletonSupplier.of(() -> commitPolicies.orderedStream().toList()));
    }
}
