package dev.shadowtx.handles;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.InfrastructureProxy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the shadow rule on client handles: in a shadow unit of work a call that the
 * {@link HandleRules} do not know as a read is refused with {@link ShadowBlockedException} before
 * the client is touched (so nothing reaches the network), and is counted as a {@code block}
 * decision of the channel. Handles a guarded handle returns are guarded as well, whether they are
 * obtained in shadow or live and kept for later. Live calls run unchanged.
 * <p>
 * A call that answers a {@code Publisher} (reactive MongoDB and Redis) does nothing until it is
 * subscribed, and the subscriber decides whether it is shadow: such a call, when it is no read,
 * answers a publisher that is shadow when the calling thread was, or when the subscriber's Reactor
 * context or thread is; a shadow subscriber receives the {@code ShadowBlockedException} as its
 * error and the client is never called. Reads pass, and what a reactive accessor ({@code get...})
 * emits is guarded like any handle.
 * <p>
 * A guarded handle hands out the same guarded object each time one of its methods hands out the
 * same object ({@link HandedOutWrappers}), and is an {@link InfrastructureProxy} of the object it
 * guards: Spring's transaction synchronization binds resources to the guarded object and to the
 * object itself under one key, so that a transaction manager built over a guarded database
 * factory and a template holding the bare one share the transaction.
 */
public final class GuardedHandles {

    private static final boolean REACTOR =
            ClassUtils.isPresent("reactor.core.publisher.Mono", GuardedHandles.class.getClassLoader());

    private static final Set<Object> HOLDERS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final HandleRules rules;

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create the guard of one technology.
     * @param rules what its handles may do in shadow
     * @param recorder where blocked calls are counted, resolved on first use
     */
    public GuardedHandles(HandleRules rules, Supplier<ShadowRecorder> recorder) {
        this.rules = rules;
        this.recorder = recorder;
    }

    /**
     * Whether a bean is guarded: a guarded handle, or a bean whose writes go through guarded
     * handles only (a template over a guarded connection factory).
     * @param bean the bean
     * @return {@code true} when its writes are blocked in shadow
     */
    public static boolean isGuarded(Object bean) {
        return bean instanceof GuardedHandle || HOLDERS.contains(bean);
    }

    static void holdsGuarded(Object bean) {
        HOLDERS.add(bean);
    }

    /**
     * Return the rules of the guarded technology.
     * @return the rules
     */
    public HandleRules rules() {
        return this.rules;
    }

    /**
     * Guard a bean: a proxy of its class when it can be subclassed (so that it can still be
     * injected by its class), of its interfaces otherwise.
     * @param handle the bean
     * @param name the bean name, which blocked calls are reported under
     * @return the guarded bean, or {@code handle} itself when it is guarded already
     */
    public Object guard(Object handle, String name) {
        return guard(handle, name, null, null);
    }

    /**
     * Guard a handle: a bean ({@code handedOutAs} {@code null}) by its class, so that it can still
     * be injected by its class; a handle handed out by the return type of the method that handed
     * it out, an interface or a class when the method narrows its return type (as Lettuce's
     * {@code getReactiveConnection()} does).
     */
    private Object guard(Object handle, String name, @Nullable Class<?> handedOutAs, @Nullable Writes writes) {
        if (handle instanceof GuardedHandle) {
            return handle;
        }
        Class<?> type = handle.getClass();
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(type, type.getClassLoader());
        ProxyFactory factory = new ProxyFactory(handle);
        boolean byClass = (handedOutAs == null) || (!handedOutAs.isInterface() && handedOutAs != Object.class);
        boolean subclass = (byClass || interfaces.length == 0)
                && !Modifier.isFinal(type.getModifiers())
                && (Modifier.isPublic(type.getModifiers()) || handedOutAs != null)
                && !Proxy.isProxyClass(type);
        factory.setProxyTargetClass(subclass);
        if (!subclass) {
            factory.setInterfaces(interfaces);
        }
        factory.addInterface(GuardedHandle.class);
        factory.addInterface(InfrastructureProxy.class);
        factory.addAdvice(new Guard(name, writes));
        // a bean guard is recorded for what shadowtx reads of it; a handle handed out per call is not
        return (handedOutAs == null)
                ? GuardProxies.guard(factory, type.getClassLoader())
                : GuardProxies.opaque(factory, type.getClassLoader());
    }

    private ShadowBlockedException blocked(String name, Method method) {
        String channel = this.rules.channel();
        this.recorder.get().outboundDecision(channel, "block", name);
        return new ShadowBlockedException(channel, name + "." + method.getName());
    }

    /**
     * Checks one handle's calls.
     */
    private final class Guard implements MethodInterceptor {

        private final String name;

        private final @Nullable Writes writes;

        private final HandedOutWrappers handedOut = new HandedOutWrappers();

        Guard(String name, @Nullable Writes writes) {
            this.name = name;
            this.writes = writes;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getMethod();
            if (ReflectionUtils.isObjectMethod(method)) {
                return invocation.proceed();
            }
            Object target = invocation.getThis();
            if (method.getDeclaringClass() == InfrastructureProxy.class && target != null) {
                return target;
            }
            @Nullable Object[] arguments = invocation.getArguments();
            Writes writes = this.writes;
            boolean read =
                    writes == null && target != null && GuardedHandles.this.rules.isRead(target, method, arguments);
            if (!read) {
                ShadowContext caller = ShadowContextHolder.current();
                if (caller == null && writes != null) {
                    caller = writes.caller();
                }
                if (REACTOR && writes != null && ReactiveCalls.isSubscribe(method, arguments)) {
                    return subscribeUnlessShadow(invocation, caller);
                }
                if (REACTOR && ReactiveCalls.returnsPublisher(method)) {
                    return deferred(invocation, target, caller);
                }
                if (caller != null && writes == null) {
                    throw blocked(this.name, method);
                }
            }
            GuardedHandles.this.rules.guardArguments(
                    method, arguments, (handle) -> guard(handle, this.name, Object.class, null));
            Object result = invocation.proceed();
            if (result == null) {
                return null;
            }
            if (result == target && invocation instanceof ProxyMethodInvocation proxied) {
                // a fluent call answers the handle itself: keep the caller on the guarded one
                return proxied.getProxy();
            }
            if (GuardedHandles.this.rules.isHandle(result)) {
                return this.handedOut.wrapperOf(
                        method, result, () -> guard(result, this.name, declaredReturn(method, target), null));
            }
            if (REACTOR && method.getName().startsWith("get")) {
                return ReactiveCalls.mapEmitted(
                        result,
                        (emitted) -> GuardedHandles.this.rules.isHandle(emitted)
                                ? this.handedOut.wrapperOf(
                                        method, emitted, () -> guard(emitted, this.name, Object.class, null))
                                : emitted);
            }
            return result;
        }

        /**
         * The return type a caller may see: the handle's class can narrow it (Lettuce's
         * {@code getReactiveConnection()} answers a class), and a proxy of the class's own
         * method may be called by either.
         */
        private static Class<?> declaredReturn(Method method, @Nullable Object target) {
            if (target == null) {
                return method.getReturnType();
            }
            return ClassUtils.getMostSpecificMethod(method, target.getClass()).getReturnType();
        }

        private @Nullable Object subscribeUnlessShadow(MethodInvocation invocation, @Nullable ShadowContext caller)
                throws Throwable {
            Object subscriber = invocation.getArguments()[0];
            if (ReactiveCalls.isShadow(subscriber, caller)) {
                ReactiveCalls.refuse(subscriber, blocked(this.name, invocation.getMethod()));
                return null;
            }
            return invocation.proceed();
        }

        /**
         * A call that answers a publisher and is no read: a {@code Mono} or {@code Flux} that
         * decides when subscribed; a publisher of the client's own type (a MongoDB
         * {@code AggregatePublisher} whose pipeline writes), which sends nothing before it is
         * subscribed, is made now and guarded as a write.
         */
        private @Nullable Object deferred(
                MethodInvocation invocation, @Nullable Object target, @Nullable ShadowContext caller) throws Throwable {
            Method method = invocation.getMethod();
            @Nullable Object[] arguments = invocation.getArguments();
            Object deferred = (target != null)
                    ? ReactiveCalls.deferred(method, caller, () -> blocked(this.name, method), () -> {
                        GuardedHandles.this.rules.guardArguments(
                                method, arguments, (handle) -> guard(handle, this.name, Object.class, null));
                        return ReflectionUtils.invokeMethod(method, target, arguments);
                    })
                    : null;
            if (deferred != null) {
                return deferred;
            }
            Object made = invocation.proceed();
            if (made == null) {
                return null;
            }
            if (made == target && invocation instanceof ProxyMethodInvocation proxied) {
                return proxied.getProxy();
            }
            return guard(made, this.name, declaredReturn(method, target), new Writes(caller));
        }
    }

    /**
     * What a publisher that stands for a write remembers: the shadow context of the thread that
     * made it, which refuses its subscribers as a shadow subscriber would be refused. None of its
     * calls is a read.
     * @param caller the shadow context of the thread that made it, or {@code null} when live
     */
    private record Writes(@Nullable ShadowContext caller) {}
}
