package dev.shadowtx.redis.autoconfigure;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.handles.GuardedHandles;
import dev.shadowtx.handles.HandleChannelInspector;
import dev.shadowtx.handles.ShadowHandlePostProcessor;
import dev.shadowtx.redis.RedisHandleRules;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Redis in shadow: reads pass, and writes through a {@code RedisConnectionFactory}, the connections it hands out or a {@code RedisTemplate} throw {@code ShadowBlockedException} ({@code shadow.redis.guard}); through the reactive connections and a {@code ReactiveRedisTemplate}, the publisher of a write delivers it to a shadow subscriber.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.redis.guard", matchIfMissing = true)
public final class ShadowRedisAutoConfiguration {

    @Bean(HandleChannelInspector.REDIS_GUARD)
    @ConditionalOnMissingBean(name = HandleChannelInspector.REDIS_GUARD)
    static ShadowHandlePostProcessor shadowRedisHandlePostProcessor(ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowHandlePostProcessor(new GuardedHandles(new RedisHandleRules(), ShadowRecorder.lazy(recorder)));
    }
}
