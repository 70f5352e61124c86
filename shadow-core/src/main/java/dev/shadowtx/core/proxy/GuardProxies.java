package dev.shadowtx.core.proxy;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.SingletonTargetSource;
import org.springframework.util.ClassUtils;

/**
 * Makes shadowtx's guard proxies and reads what they guard. A guard proxy is opaque (it does not
 * implement Spring AOP's {@code Advised}) and frozen (its advice cannot change), so code that a
 * shadow request reaches can neither take it apart to reach the unguarded object nor strip its
 * guard: a cast to {@code Advised} fails, and Spring's own {@code AopProxyUtils} and
 * {@code AopTestUtils} answer the guard itself. It is the same proxy as before, so a call costs
 * what it cost.
 *
 * <p>shadowtx itself still needs what a bean guard wraps (the routing's raw shadow store, the
 * leak audit's view of a bean's class and guard): {@link #guard} records it, weakly keyed by the
 * proxy's identity, and {@link #targetOf} answers it outside a shadow unit of work only, so the
 * accessor is no way around the guard. Proxies made per call (handles handed out, views) are made
 * by {@link #opaque} and recorded nowhere, so that no lookup or record sits on a per-call path.
 */
public final class GuardProxies {

    private static final Map<IdentityKey, Guarded> GUARDS = new ConcurrentHashMap<>();

    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private GuardProxies() {}

    /**
     * Make an opaque, frozen proxy of a bean and record what it guards, for {@link #targetOf}.
     * @param factory the configured proxy factory, with a singleton target
     * @param classLoader the class loader to define the proxy class in
     * @param <T> the type the caller expects
     * @return the proxy
     */
    public static <T> T guard(ProxyFactory factory, @Nullable ClassLoader classLoader) {
        T proxy = opaque(factory, classLoader);
        expungeCollected();
        Object target = singletonTarget(factory);
        List<String> advice = new ArrayList<>();
        for (Advisor advisor : factory.getAdvisors()) {
            advice.add(advisor.getAdvice().getClass().getName());
        }
        GUARDS.put(new IdentityKey(proxy, COLLECTED), new Guarded(new WeakReference<>(target), List.copyOf(advice)));
        return proxy;
    }

    /**
     * Make an opaque, frozen proxy recorded nowhere: for proxies made per call.
     * @param factory the configured proxy factory
     * @param classLoader the class loader to define the proxy class in
     * @param <T> the type the caller expects
     * @return the proxy
     */
    @SuppressWarnings("unchecked")
    public static <T> T opaque(ProxyFactory factory, @Nullable ClassLoader classLoader) {
        // a target that is an Advised proxy itself (the application's own AOP) would lend the
        // guard its Advised interface, and with it the way behind the guard
        factory.removeInterface(Advised.class);
        Class<?> targetClass = factory.getTargetClass();
        if (factory.isProxyTargetClass()
                && targetClass != null
                && targetClass.getName().contains(ClassUtils.CGLIB_CLASS_SEPARATOR)) {
            // a subclass proxy of a generated subclass would take over the generated class's
            // interfaces, Advised among them: subclass the application's class instead
            factory.setTargetSource(new UserClassTargetSource(singletonTarget(factory), targetClass));
        }
        factory.setOpaque(true);
        factory.setFrozen(true);
        return (T) factory.getProxy(classLoader);
    }

    /**
     * Whether an object is a guard proxy made by {@link #guard}.
     * @param candidate the object
     * @return {@code true} for a recorded guard proxy
     */
    public static boolean isGuard(@Nullable Object candidate) {
        return candidate != null && GUARDS.containsKey(new IdentityKey(candidate, null));
    }

    /**
     * Return the object a guard proxy wraps. Refused in a shadow unit of work, where it would
     * hand out what the guard keeps from shadow traffic.
     * @param proxy a guard proxy
     * @return the guarded object, or {@code null} when {@code proxy} is no guard made by {@link #guard}
     * @throws ShadowBlockedException when a shadow context is bound
     */
    public static @Nullable Object targetOf(Object proxy) {
        if (ShadowContextHolder.current() != null) {
            throw new ShadowBlockedException(
                    "proxy", "the object behind guard proxy " + proxy.getClass().getName());
        }
        Guarded guarded = GUARDS.get(new IdentityKey(proxy, null));
        return (guarded != null) ? guarded.target().get() : null;
    }

    /**
     * Return the class of the object a guard proxy wraps, for reports.
     * @param proxy a guard proxy
     * @return the class, or {@code null} when {@code proxy} is no guard made by {@link #guard}
     */
    public static @Nullable Class<?> targetClassOf(Object proxy) {
        Guarded guarded = GUARDS.get(new IdentityKey(proxy, null));
        Object target = (guarded != null) ? guarded.target().get() : null;
        return (target != null) ? target.getClass() : null;
    }

    /**
     * Whether a guard proxy carries advice declared in (or nested in) a class.
     * @param proxy a guard proxy
     * @param declaringClass the class whose advice is looked for
     * @return {@code true} when {@code proxy} is a guard made by {@link #guard} with such advice
     */
    public static boolean isAdvisedBy(Object proxy, Class<?> declaringClass) {
        Guarded guarded = GUARDS.get(new IdentityKey(proxy, null));
        if (guarded == null) {
            return false;
        }
        String prefix = declaringClass.getName();
        for (String advice : guarded.advice()) {
            if (advice.equals(prefix) || advice.startsWith(prefix + "$")) {
                return true;
            }
        }
        return false;
    }

    private static Object singletonTarget(ProxyFactory factory) {
        Object target;
        try {
            target = factory.getTargetSource().getTarget();
        } catch (Exception ex) {
            throw new IllegalArgumentException("A guard proxy needs a singleton target", ex);
        }
        if (target == null) {
            throw new IllegalArgumentException("A guard proxy needs a target");
        }
        return target;
    }

    private static void expungeCollected() {
        for (Object collected = COLLECTED.poll(); collected != null; collected = COLLECTED.poll()) {
            GUARDS.remove(collected);
        }
    }

    /**
     * The target of a subclass proxy whose target is a generated subclass: the proxy subclasses
     * the application's class the generated one extends.
     */
    private static final class UserClassTargetSource extends SingletonTargetSource {

        private static final long serialVersionUID = 1L;

        private final Class<?> userClass;

        UserClassTargetSource(Object target, Class<?> generatedClass) {
            super(target);
            this.userClass = ClassUtils.getUserClass(generatedClass);
        }

        @Override
        public Class<?> getTargetClass() {
            return this.userClass;
        }
    }

    /**
     * What a guard proxy wraps, held weakly (the proxy holds it as long as it lives), and the
     * class names of its advice.
     */
    private record Guarded(WeakReference<Object> target, List<String> advice) {}

    /**
     * A key that holds its proxy weakly and compares by identity: a proxy's own {@code equals}
     * and {@code hashCode} compare configurations and targets.
     */
    private static final class IdentityKey extends WeakReference<Object> {

        private final int hash;

        IdentityKey(Object proxy, @Nullable ReferenceQueue<Object> queue) {
            super(proxy, queue);
            this.hash = System.identityHashCode(proxy);
        }

        @Override
        public boolean equals(@Nullable Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof IdentityKey key)) {
                return false;
            }
            Object referent = get();
            return referent != null && referent == key.get();
        }

        @Override
        public int hashCode() {
            return this.hash;
        }
    }
}
