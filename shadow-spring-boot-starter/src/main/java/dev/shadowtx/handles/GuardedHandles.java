package dev.shadowtx.handles;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
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
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the shadow rule on client handles: in a shadow unit of work a call that the
 * {@link HandleRules} do not know as a read throws {@link ShadowBlockedException} before the
 * client is touched (so nothing reaches the network), and is counted as a {@code block}
 * decision of the channel. Handles a guarded handle returns are guarded as well, whether they are
 * obtained in shadow or live and kept for later. Live calls run unchanged.
 */
public final class GuardedHandles {

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
        return guard(handle, name, true);
    }

    private Object guard(Object handle, String name, boolean byClass) {
        if (handle instanceof GuardedHandle) {
            return handle;
        }
        Class<?> type = handle.getClass();
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(type, type.getClassLoader());
        ProxyFactory factory = new ProxyFactory(handle);
        boolean subclass = (byClass || interfaces.length == 0)
                && !Modifier.isFinal(type.getModifiers())
                && Modifier.isPublic(type.getModifiers())
                && !Proxy.isProxyClass(type);
        factory.setProxyTargetClass(subclass);
        if (!subclass) {
            factory.setInterfaces(interfaces);
        }
        factory.addInterface(GuardedHandle.class);
        factory.addAdvice(new Guard(name));
        return factory.getProxy(type.getClassLoader());
    }

    /**
     * Checks one handle's calls.
     */
    private final class Guard implements MethodInterceptor {

        private final String name;

        Guard(String name) {
            this.name = name;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getMethod();
            if (ReflectionUtils.isObjectMethod(method)) {
                return invocation.proceed();
            }
            Object target = invocation.getThis();
            @Nullable Object[] arguments = invocation.getArguments();
            if (ShadowContextHolder.current() != null
                    && (target == null || !GuardedHandles.this.rules.isRead(target, method, arguments))) {
                String channel = GuardedHandles.this.rules.channel();
                GuardedHandles.this.recorder.get().outboundDecision(channel, "block", this.name);
                throw new ShadowBlockedException(channel, this.name + "." + method.getName());
            }
            GuardedHandles.this.rules.guardArguments(method, arguments, (handle) -> guard(handle, this.name, false));
            Object result = invocation.proceed();
            if (result != null && result != target && GuardedHandles.this.rules.isHandle(result)) {
                // a handle handed out is used through its interfaces, never injected by its class
                return guard(result, this.name, false);
            }
            return result;
        }
    }
}
