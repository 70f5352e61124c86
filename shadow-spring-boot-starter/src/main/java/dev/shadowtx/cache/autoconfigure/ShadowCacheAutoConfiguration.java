package dev.shadowtx.cache.autoconfigure;

import dev.shadowtx.cache.ShadowCacheManagerPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

/**
 * The Spring cache abstraction in shadow ({@code shadow.cache.guard}): every {@code CacheManager}
 * bean reads through but never writes to or evicts from a shared cache in a shadow unit of work.
 */
@AutoConfiguration
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.cache.guard", matchIfMissing = true)
public final class ShadowCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static ShadowCacheManagerPostProcessor shadowCacheManagerPostProcessor() {
        return new ShadowCacheManagerPostProcessor();
    }
}
