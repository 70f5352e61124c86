package dev.shadowtx.kafka.support;

import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;

/**
 * Views of Kafka client factories whose clients are guarded although the factory itself cannot
 * carry the guard: every client a {@code create…} method hands out goes through the guard first.
 * The view subclasses the factory's class unless that class is final or private, so the bean stays
 * injectable by its class.
 */
public final class GuardedViews {

    private GuardedViews() {}

    /**
     * Return a view of a factory whose created clients go through a guard.
     * @param factory the factory
     * @param marker an interface the view implements, telling it apart from the factory
     * @param clientType the type of the clients the factory creates
     * @param guard wraps each created client
     * @param <F> the factory type
     * @return a proxy of the factory
     */
    @SuppressWarnings("unchecked")
    public static <F> F ofFactory(F factory, Class<?> marker, Class<?> clientType, UnaryOperator<Object> guard) {
        ProxyFactory proxyFactory = new ProxyFactory(factory);
        proxyFactory.setProxyTargetClass(canSubclass(factory.getClass()));
        proxyFactory.addInterface(marker);
        proxyFactory.addAdvice((MethodInterceptor) (invocation) -> {
            Object result = invocation.proceed();
            if (clientType.isInstance(result)
                    && invocation.getMethod().getName().startsWith("create")) {
                return guard.apply(result);
            }
            return result;
        });
        return GuardProxies.guard(proxyFactory, factory.getClass().getClassLoader());
    }

    /**
     * Whether a proxy can subclass a type, keeping a bean of it injectable by its class.
     * @param type the type
     * @return {@code true} when the type is neither final nor private
     */
    public static boolean canSubclass(Class<?> type) {
        return !Modifier.isFinal(type.getModifiers()) && !Modifier.isPrivate(type.getModifiers());
    }
}
