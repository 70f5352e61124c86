package dev.shadowtx.cache;

import dev.shadowtx.core.context.ShadowContextHolder;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * A shared cache as a shadow unit of work sees it: reads go through (a shadow request is served
 * the entries live traffic cached), but nothing a shadow request does changes the cache. A
 * {@code put} ({@code @Cacheable} after a miss, {@code @CachePut}) is skipped, an eviction
 * ({@code @CacheEvict}) evicts nothing, and a value loaded on a miss is returned without being
 * stored: a live request is never served an entity that a rolled-back shadow request produced.
 * The native cache handed to a shadow unit of work lets reads through and refuses writes. Live
 * calls go to the cache unchanged.
 */
final class ShadowCache implements Cache {

    private final Cache cache;

    ShadowCache(Cache cache) {
        this.cache = cache;
    }

    /**
     * Return the cache this one reads through.
     * @return the shared cache
     */
    Cache getCache() {
        return this.cache;
    }

    private static boolean inShadow() {
        return ShadowContextHolder.current() != null;
    }

    @Override
    public String getName() {
        return this.cache.getName();
    }

    /**
     * Return the native cache: live, the shared one itself; in shadow, a view of it that refuses
     * every write ({@link ReadOnlyNativeCache}).
     */
    @Override
    public Object getNativeCache() {
        Object nativeCache = this.cache.getNativeCache();
        return inShadow() ? ReadOnlyNativeCache.of(nativeCache, this.cache.getName()) : nativeCache;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        return this.cache.get(key);
    }

    @Override
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        return this.cache.get(key, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        if (!inShadow()) {
            return this.cache.get(key, valueLoader);
        }
        ValueWrapper cached = this.cache.get(key);
        if (cached != null) {
            return (T) cached.get();
        }
        try {
            return valueLoader.call();
        } catch (Exception ex) {
            throw new ValueRetrievalException(key, valueLoader, ex);
        }
    }

    @Override
    public @Nullable CompletableFuture<?> retrieve(Object key) {
        return this.cache.retrieve(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        if (!inShadow()) {
            return this.cache.retrieve(key, valueLoader);
        }
        CompletableFuture<?> cached = this.cache.retrieve(key);
        if (cached == null) {
            return valueLoader.get();
        }
        return cached.thenCompose(
                (value) -> (value != null) ? CompletableFuture.completedFuture((T) unwrap(value)) : valueLoader.get());
    }

    private static @Nullable Object unwrap(Object value) {
        return (value instanceof ValueWrapper wrapper) ? wrapper.get() : value;
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        if (inShadow()) {
            return;
        }
        this.cache.put(key, value);
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        if (inShadow()) {
            return this.cache.get(key);
        }
        return this.cache.putIfAbsent(key, value);
    }

    @Override
    public void evict(Object key) {
        if (inShadow()) {
            return;
        }
        this.cache.evict(key);
    }

    @Override
    public boolean evictIfPresent(Object key) {
        if (inShadow()) {
            return false;
        }
        return this.cache.evictIfPresent(key);
    }

    @Override
    public void clear() {
        if (inShadow()) {
            return;
        }
        this.cache.clear();
    }

    @Override
    public boolean invalidate() {
        if (inShadow()) {
            return false;
        }
        return this.cache.invalidate();
    }

    @Override
    public String toString() {
        return "Shadow-guarded " + this.cache;
    }
}
