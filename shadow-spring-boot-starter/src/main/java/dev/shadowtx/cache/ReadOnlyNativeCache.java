package dev.shadowtx.cache;

import dev.shadowtx.core.ShadowBlockedException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The native cache as a shadow unit of work sees it ({@code Cache#getNativeCache()}): a proxy of
 * the native cache's interfaces that lets reads through and refuses every other call with
 * {@link ShadowBlockedException}, so that a shadow request cannot write into the shared cache
 * around the abstraction. A read is a call whose name reads ({@code get}, {@code getIfPresent},
 * {@code containsKey}, {@code size}, {@code keySet}, {@code asMap}...) and that is handed no
 * loader (a {@code Function}, {@code BiFunction}, {@code Callable} or {@code Supplier}: Caffeine's
 * {@code get(key, loader)} stores what it loads). The views it answers ({@code asMap()},
 * {@code keySet()}, {@code entrySet()}, their iterators and entries) are read-only the same way.
 * The proxy implements the native cache's public interfaces only: a cast to its class fails in
 * shadow, and a native cache with no public interface is refused whole.
 */
final class ReadOnlyNativeCache implements InvocationHandler {

    private static final String CHANNEL = "cache";

    private static final Set<String> READS = Set.of(
            "get",
            "getIfPresent",
            "getAllPresent",
            "getOrDefault",
            "containsKey",
            "containsValue",
            "contains",
            "containsAll",
            "size",
            "isEmpty",
            "estimatedSize",
            "stats",
            "keySet",
            "keys",
            "values",
            "entrySet",
            "asMap",
            "iterator",
            "hasNext",
            "next",
            "getKey",
            "getValue",
            "toArray",
            "forEach",
            "stream",
            "parallelStream",
            "spliterator",
            "getName");

    /**
     * Reads that answer a view through which the cache could be changed.
     */
    private static final Set<String> VIEWS = Set.of("keySet", "keys", "values", "entrySet", "asMap", "iterator");

    private final Object target;

    private final String name;

    private ReadOnlyNativeCache(Object target, String name) {
        this.target = target;
        this.name = name;
    }

    /**
     * Return the read-only view of a cache's native cache.
     * @param nativeCache what the cache answers from {@code getNativeCache()}
     * @param name the cache's name, which refused calls are reported under
     * @return a proxy of the native cache's interfaces
     * @throws ShadowBlockedException when the native cache has no interface to be seen through
     */
    static Object of(Object nativeCache, String name) {
        Class<?>[] interfaces = publicInterfaces(nativeCache.getClass());
        if (interfaces.length == 0) {
            throw new ShadowBlockedException(CHANNEL, name + ".getNativeCache");
        }
        ClassLoader loader = nativeCache.getClass().getClassLoader();
        return Proxy.newProxyInstance(
                (loader != null) ? loader : ReadOnlyNativeCache.class.getClassLoader(),
                interfaces,
                new ReadOnlyNativeCache(nativeCache, name));
    }

    /**
     * Return every public interface a class implements, those its interfaces extend included (a
     * package-private interface of the cache's own can extend the public one callers cast to).
     */
    private static Class<?>[] publicInterfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(ClassUtils.getAllInterfacesForClassAsSet(type, null));
        while (!pending.isEmpty()) {
            Class<?> next = pending.pop();
            if (all.add(next)) {
                pending.addAll(Arrays.asList(next.getInterfaces()));
            }
        }
        return all.stream()
                .filter((candidate) -> Modifier.isPublic(candidate.getModifiers()))
                .toArray(Class<?>[]::new);
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        if (ReflectionUtils.isEqualsMethod(method)) {
            return args != null && args[0] == proxy;
        }
        if (ReflectionUtils.isHashCodeMethod(method)) {
            return System.identityHashCode(proxy);
        }
        if (ReflectionUtils.isToStringMethod(method)) {
            return "Shadow read-only view of " + this.target;
        }
        if (!isRead(method, args)) {
            throw new ShadowBlockedException(CHANNEL, this.name + "." + method.getName());
        }
        Object result;
        try {
            result = method.invoke(this.target, args);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
        if (result != null && (VIEWS.contains(method.getName()) || result instanceof Map.Entry<?, ?>)) {
            return of(result, this.name);
        }
        return result;
    }

    private static boolean isRead(Method method, @Nullable Object @Nullable [] args) {
        if (!READS.contains(method.getName())) {
            return false;
        }
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof Function<?, ?>
                        || arg instanceof BiFunction<?, ?, ?>
                        || arg instanceof Callable<?>
                        || arg instanceof Supplier<?>) {
                    return false;
                }
            }
        }
        return true;
    }
}
