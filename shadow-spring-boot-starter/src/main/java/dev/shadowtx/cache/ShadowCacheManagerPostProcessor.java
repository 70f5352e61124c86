package dev.shadowtx.cache;

import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.core.Ordered;

/**
 * Puts every {@link CacheManager} bean behind the shadow cache rule: each {@link Cache} it hands
 * out is a {@link ShadowCache}, so the cache abstraction ({@code @Cacheable}, {@code @CachePut},
 * {@code @CacheEvict}, and code that calls the caches itself) reads through in shadow but never
 * writes to or evicts from a shared cache. The proxy subclasses the manager's class when it can, so
 * a {@code CaffeineCacheManager} stays injectable as such.
 */
public final class ShadowCacheManagerPostProcessor implements BeanPostProcessor, Ordered {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof CacheManager) || bean instanceof Guarded) {
            return bean;
        }
        ProxyFactory factory = new ProxyFactory(bean);
        factory.addInterface(Guarded.class);
        factory.setProxyTargetClass(!Modifier.isFinal(bean.getClass().getModifiers()));
        factory.addAdvice(new GuardedCaches());
        return GuardProxies.guard(factory, bean.getClass().getClassLoader());
    }

    /**
     * Whether a cache is one a shadow unit of work cannot write to.
     * @param cache the cache
     * @return {@code true} for a cache handed out by a guarded cache manager
     */
    public static boolean isGuarded(@Nullable Cache cache) {
        return cache instanceof ShadowCache;
    }

    /**
     * Whether a cache manager hands out guarded caches only.
     * @param cacheManager the cache manager
     * @return {@code true} when it is guarded
     */
    public static boolean isGuarded(CacheManager cacheManager) {
        return cacheManager instanceof Guarded;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    /**
     * Marker interface carried by guarded cache managers.
     */
    public interface Guarded {}

    /**
     * Wraps the caches a manager returns, one wrapper per cache.
     */
    private static final class GuardedCaches implements MethodInterceptor {

        private final Map<Cache, Cache> wrappers = new ConcurrentHashMap<>();

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Object result = invocation.proceed();
            if (result instanceof Cache cache
                    && !(cache instanceof ShadowCache)
                    && invocation.getMethod().getName().equals("getCache")) {
                return this.wrappers.computeIfAbsent(cache, ShadowCache::new);
            }
            return result;
        }
    }
}
