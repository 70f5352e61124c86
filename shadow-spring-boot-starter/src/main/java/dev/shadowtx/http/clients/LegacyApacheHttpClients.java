package dev.shadowtx.http.clients;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.proxy.GuardProxies;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.SingletonTargetSource;

/**
 * Apache HttpClient 4 client beans, which no guard covers (Spring Boot no longer manages that
 * library, so shadowtx does not build against it): every {@code execute} call made in shadow is
 * refused with {@link ShadowBlockedException} before it reaches the client; live calls go
 * through. The bean is replaced by a subclass of the library's {@code CloseableHttpClient}, the
 * type such beans are declared with (the clients the library builds are not public classes).
 * Found by class name, so the library is not needed on the classpath.
 */
public final class LegacyApacheHttpClients {

    /**
     * The client class of Apache HttpClient 4 that beans are declared with.
     */
    static final String CLIENT_CLASS = "org.apache.http.impl.client.CloseableHttpClient";

    private LegacyApacheHttpClients() {}

    /**
     * Return the Apache HttpClient 4 client class a bean extends.
     * @param type the bean's class
     * @return the class, or {@code null} when the bean is no such client
     */
    static @Nullable Class<?> clientClassOf(Class<?> type) {
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            if (candidate.getName().equals(CLIENT_CLASS)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Wrap a client so that its calls in shadow are refused.
     * @param client the application's client
     * @param clientClass the library's client class, which the wrapper extends
     * @return the wrapper, or the same client when it is wrapped already
     */
    static Object blockInShadow(Object client, Class<?> clientClass) {
        if (isBlockedInShadow(client)) {
            return client;
        }
        ProxyFactory factory = new ProxyFactory();
        factory.setTargetSource(new SingletonTargetSource(client) {
            @Override
            public Class<?> getTargetClass() {
                return clientClass;
            }
        });
        factory.setProxyTargetClass(true);
        factory.addInterface(BlockedInShadow.class);
        factory.addAdvice((MethodInterceptor) (invocation) -> {
            if (invocation.getMethod().getName().startsWith("execute") && ShadowContextHolder.current() != null) {
                Object[] arguments = invocation.getArguments();
                throw new ShadowBlockedException(
                        "http", (arguments.length > 0) ? String.valueOf(arguments[0]) : clientClass.getName());
            }
            return invocation.proceed();
        });
        return GuardProxies.guard(factory, clientClass.getClassLoader());
    }

    /**
     * Whether a bean is an Apache HttpClient 4 client whose shadow calls are refused.
     * @param bean the bean
     * @return {@code true} when wrapped
     */
    public static boolean isBlockedInShadow(Object bean) {
        return bean instanceof BlockedInShadow;
    }

    /**
     * Marks the wrapper (public: the wrapper is defined in the library's package).
     */
    public interface BlockedInShadow {}
}
