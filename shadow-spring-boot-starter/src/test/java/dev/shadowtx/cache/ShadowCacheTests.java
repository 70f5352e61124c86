package dev.shadowtx.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.benmanes.caffeine.cache.Cache;
import dev.shadowtx.cache.autoconfigure.ShadowCacheAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring cache abstraction in shadow, on Caffeine and on {@code ConcurrentMapCacheManager}: a
 * shadow request is served what live traffic cached, but what it loads, puts or evicts never
 * reaches the shared cache, so a live request is never served an entity whose row was rolled
 * back; the native cache a shadow request reaches is read-only. The live twin of each scenario
 * changes the cache.
 */
class ShadowCacheTests {

    enum Caches {
        CAFFEINE(CaffeineCacheManager::new),
        CONCURRENT_MAP(ConcurrentMapCacheManager::new);

        private final Supplier<CacheManager> factory;

        Caches(Supplier<CacheManager> factory) {
            this.factory = factory;
        }
    }

    private ApplicationContextRunner runner(Caches caches) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ShadowCacheAutoConfiguration.class))
                .withUserConfiguration(CachedPrices.class)
                .withBean(CacheManager.class, caches.factory);
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void aShadowMissLoadsTheValueWithoutCachingItWhileALiveMissCachesIt(Caches caches) {
        runner(caches).run((context) -> {
            PriceService prices = context.getBean(PriceService.class);
            prices.stock("sku-1", 10);
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> assertThat(prices.price("sku-1")).isEqualTo(10));
            assertThat(cached(context.getBean(CacheManager.class), "sku-1")).isNull();
            assertThat(prices.price("sku-1")).isEqualTo(10);
            assertThat(cached(context.getBean(CacheManager.class), "sku-1")).isEqualTo(10);
            assertThat(prices.loads()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void aShadowRequestIsServedTheEntryLiveTrafficCached(Caches caches) {
        runner(caches).run((context) -> {
            PriceService prices = context.getBean(PriceService.class);
            prices.stock("sku-2", 20);
            prices.price("sku-2");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> assertThat(prices.price("sku-2")).isEqualTo(20));
            assertThat(prices.loads()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void aShadowCachePutLeavesTheSharedEntryWhileALiveOneReplacesIt(Caches caches) {
        runner(caches).run((context) -> {
            PriceService prices = context.getBean(PriceService.class);
            CacheManager cacheManager = context.getBean(CacheManager.class);
            prices.stock("sku-3", 30);
            prices.price("sku-3");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> prices.update("sku-3", 31));
            assertThat(cached(cacheManager, "sku-3")).isEqualTo(30);
            prices.update("sku-3", 32);
            assertThat(cached(cacheManager, "sku-3")).isEqualTo(32);
        });
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void aShadowCacheEvictEvictsNothingSharedWhileALiveOneEvicts(Caches caches) {
        runner(caches).run((context) -> {
            PriceService prices = context.getBean(PriceService.class);
            CacheManager cacheManager = context.getBean(CacheManager.class);
            prices.stock("sku-4", 40);
            prices.price("sku-4");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> prices.remove("sku-4"));
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, prices::removeAll);
            assertThat(cached(cacheManager, "sku-4")).isEqualTo(40);
            prices.remove("sku-4");
            assertThat(cached(cacheManager, "sku-4")).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void directCacheWritesInShadowAreSkippedAndTheManagerKeepsItsType(Caches caches) {
        runner(caches).run((context) -> {
            CacheManager cacheManager = context.getBean(CacheManager.class);
            assertThat(cacheManager).isInstanceOf(caches.factory.get().getClass());
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                cacheManager.getCache("prices").put("sku-5", 50);
                assertThat(cacheManager.getCache("prices").putIfAbsent("sku-5", 51))
                        .isNull();
                assertThat(cacheManager.getCache("prices").get("sku-5", () -> 52))
                        .isEqualTo(52);
            });
            assertThat(cached(cacheManager, "sku-5")).isNull();
            cacheManager.getCache("prices").put("sku-5", 53);
            assertThat(cached(cacheManager, "sku-5")).isEqualTo(53);
        });
    }

    @ParameterizedTest
    @EnumSource(Caches.class)
    void theNativeCacheInShadowIsReadButNeverWrittenWhileLiveItIsWritten(Caches caches) {
        runner(caches).run((context) -> {
            CacheManager cacheManager = context.getBean(CacheManager.class);
            cacheManager.getCache("prices").put("sku-6", 60);
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                Object nativeCache = cacheManager.getCache("prices").getNativeCache();
                Map<Object, Object> view = asMap(nativeCache);
                assertThat(view.get("sku-6")).isEqualTo(60);
                assertThat(view.containsKey("sku-6")).isTrue();
                assertThat(view.keySet()).containsExactly("sku-6");
                assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> view.put("sku-6", 61));
                assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> view.put("sku-7", 70));
                assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> view.remove("sku-6"));
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> view.computeIfAbsent("sku-7", (key) -> 71));
                assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(view::clear);
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> view.keySet().remove("sku-6"));
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> view.entrySet().iterator().next().setValue(62));
                assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> {
                    var iterator = view.values().iterator();
                    iterator.next();
                    iterator.remove();
                });
                if (nativeCache instanceof Cache<?, ?> caffeine) {
                    @SuppressWarnings("unchecked")
                    Cache<Object, Object> typed = (Cache<Object, Object>) caffeine;
                    assertThat(typed.getIfPresent("sku-6")).isEqualTo(60);
                    assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> typed.put("sku-7", 72));
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> typed.get("sku-7", (key) -> 73));
                    assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(typed::invalidateAll);
                }
            });
            assertThat(cached(cacheManager, "sku-6")).isEqualTo(60);
            assertThat(cached(cacheManager, "sku-7")).isNull();
            Map<Object, Object> live = asMap(cacheManager.getCache("prices").getNativeCache());
            live.put("sku-7", 74);
            live.remove("sku-6");
            assertThat(cached(cacheManager, "sku-7")).isEqualTo(74);
            assertThat(cached(cacheManager, "sku-6")).isNull();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object nativeCache) {
        if (nativeCache instanceof Cache<?, ?> caffeine) {
            return (Map<Object, Object>) (Map<?, ?>) caffeine.asMap();
        }
        return (ConcurrentMap<Object, Object>) nativeCache;
    }

    private static Object cached(CacheManager cacheManager, String key) {
        var wrapper = cacheManager.getCache("prices").get(key);
        return (wrapper != null) ? wrapper.get() : null;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachedPrices {

        @Bean
        PriceService priceService() {
            return new PriceService();
        }
    }

    /**
     * Prices read from a slow store and cached.
     */
    static class PriceService {

        private final Map<String, Integer> database = new ConcurrentHashMap<>();

        private final AtomicInteger loads = new AtomicInteger();

        public void stock(String sku, Integer price) {
            this.database.put(sku, price);
        }

        public int loads() {
            return this.loads.get();
        }

        @Cacheable("prices")
        public Integer price(String sku) {
            this.loads.incrementAndGet();
            return this.database.get(sku);
        }

        @CachePut(cacheNames = "prices", key = "#sku")
        public Integer update(String sku, Integer price) {
            return price;
        }

        @CacheEvict("prices")
        public void remove(String sku) {}

        @CacheEvict(cacheNames = "prices", allEntries = true)
        public void removeAll() {}
    }
}
