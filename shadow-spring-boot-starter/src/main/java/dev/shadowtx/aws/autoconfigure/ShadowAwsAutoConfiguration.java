package dev.shadowtx.aws.autoconfigure;

import dev.shadowtx.aws.AwsHandleRules;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.handles.GuardedHandles;
import dev.shadowtx.handles.HandleChannelInspector;
import dev.shadowtx.handles.ShadowHandlePostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * AWS SDK v2 service clients in shadow: reads pass, and sends, publishes, {@code set*Attributes} and every other operation that is no read throw {@code ShadowBlockedException} ({@code shadow.aws.guard}).
 */
@AutoConfiguration
@ConditionalOnClass(name = "software.amazon.awssdk.core.SdkClient")
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.aws.guard", matchIfMissing = true)
public final class ShadowAwsAutoConfiguration {

    @Bean(HandleChannelInspector.AWS_GUARD)
    @ConditionalOnMissingBean(name = HandleChannelInspector.AWS_GUARD)
    static ShadowHandlePostProcessor shadowAwsHandlePostProcessor(ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowHandlePostProcessor(new GuardedHandles(new AwsHandleRules(), ShadowRecorder.lazy(recorder)));
    }
}
