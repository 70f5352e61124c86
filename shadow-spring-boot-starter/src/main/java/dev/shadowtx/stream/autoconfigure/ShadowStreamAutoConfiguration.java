package dev.shadowtx.stream.autoconfigure;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.StreamBinderGuard;
import dev.shadowtx.stream.ShadowStreamChannelInterceptor;
import dev.shadowtx.stream.StreamChannelInspector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.config.GlobalChannelInterceptor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Spring Cloud Stream in shadow: a message sent to an output binding whose binder no shadowtx
 * module guards is refused with {@code ShadowBlockedException} ({@code shadow.stream.guard}).
 */
@AutoConfiguration
@ConditionalOnClass(
        name = {
            "org.springframework.cloud.stream.function.StreamBridge",
            "org.springframework.integration.config.GlobalChannelInterceptor"
        })
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.stream.guard", matchIfMissing = true)
public final class ShadowStreamAutoConfiguration {

    @Bean(StreamChannelInspector.STREAM_GUARD)
    @ConditionalOnMissingBean(name = StreamChannelInspector.STREAM_GUARD)
    @GlobalChannelInterceptor(patterns = "*")
    ShadowStreamChannelInterceptor shadowStreamChannelInterceptor(
            ObjectProvider<BindingService> bindings,
            ObjectProvider<BinderFactory> binders,
            ObjectProvider<StreamBinderGuard> guards,
            ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowStreamChannelInterceptor(
                SingletonSupplier.of(bindings::getObject),
                SingletonSupplier.of(binders::getObject),
                guards.orderedStream().toList(),
                ShadowRecorder.lazy(recorder));
    }
}
