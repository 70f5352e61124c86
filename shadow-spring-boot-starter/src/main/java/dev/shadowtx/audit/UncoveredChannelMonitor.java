package dev.shadowtx.audit;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.handles.HandedOutWrappers;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Wraps every channel bean its {@link dev.shadowtx.core.audit.ChannelInspector} watches (those no
 * guard can cover, such as mail, AMQP, JMS, Redis or MongoDB, and {@code RestClient}/
 * {@code RestTemplate}/{@code WebClient} instances built without the shadow interceptor) in a proxy that notices calls made in shadow. A call counts when the
 * audit classified the bean as uncovered; it is reported to the {@link ShadowRecorder} each time,
 * logged once per bean, and, with {@code shadow.audit.block-uncovered}, refused with
 * {@link ShadowBlockedException}.
 * <p>
 * A call is decided on the calling thread, and a reactive publisher it answers ({@code Mono},
 * {@code Flux}, any {@code org.reactivestreams.Publisher}) once more when it is subscribed, from
 * the subscriber's Reactor context or thread: a publisher assembled outside the shadow unit of
 * work (at startup, on a live thread) and subscribed in it fails its subscriber with the
 * {@code ShadowBlockedException}. What a watched bean hands out through an interface (the
 * operations object of a template, the connection factory an accessor answers, the connection it
 * gives) or as a channel the audit recognises is watched in turn, under the bean's name, so that
 * a handle fetched live and kept is refused in shadow like the bean.
 * <p>
 * Accessors ({@code getX}, {@code setX}, {@code isX}) and {@code Object} methods are not calls
 * to the channel, but what an accessor hands out is watched as above. A bean whose class is final is wrapped in a proxy of its interfaces only when
 * its bean definition declares one of them (a {@code MongoClient} factory method, say, or a
 * factory bean whose product type is an interface, as the JDK proxy of a Feign client): a bean
 * declared by its final class (Spring Cloud Stream's {@code StreamBridge}) is injected by that
 * class, which an interface proxy is not. Such a bean is still listed, but not watched.
 */
public final class UncoveredChannelMonitor implements BeanPostProcessor, BeanFactoryAware, Ordered {

    private static final Log logger = LogFactory.getLog(UncoveredChannelMonitor.class);

    private static final Pattern ACCESSOR = Pattern.compile("(get|set|is)[A-Z].*");

    private static final boolean REACTOR =
            ClassUtils.isPresent("reactor.core.publisher.Mono", UncoveredChannelMonitor.class.getClassLoader());

    /**
     * Packages of the types an accessor hands out that are values or the container's own
     * infrastructure, never a way to the channel.
     */
    private static final List<String> NO_HANDLE_PACKAGES = List.of(
            "java.lang.",
            "java.util.",
            "java.time.",
            "java.math.",
            "java.text.",
            "java.nio.charset.",
            "org.springframework.beans.",
            "org.springframework.context.",
            "org.springframework.core.",
            "org.apache.commons.logging.",
            "org.slf4j.");

    private final ChannelClassifier classifier;

    private final Supplier<@Nullable ShadowLeakAudit> audit;

    private final Supplier<ShadowRecorder> recorder;

    private final boolean block;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    /**
     * Create the monitor of a bean factory's uncovered channels.
     * @param beanFactory the bean factory whose beans are watched
     * @param accepted bean names of channels used in shadow on purpose, never watched
     * @param audit the leak audit, once it exists
     * @param recorder the recorder of calls to uncovered channels
     * @param block whether a shadow call to an uncovered channel is refused
     */
    public UncoveredChannelMonitor(
            ConfigurableListableBeanFactory beanFactory,
            Collection<String> accepted,
            Supplier<@Nullable ShadowLeakAudit> audit,
            Supplier<ShadowRecorder> recorder,
            boolean block) {
        this(new ChannelClassifier(beanFactory, accepted), audit, recorder, block);
    }

    UncoveredChannelMonitor(
            ChannelClassifier classifier,
            Supplier<@Nullable ShadowLeakAudit> audit,
            Supplier<ShadowRecorder> recorder,
            boolean block) {
        this.classifier = classifier;
        this.audit = audit;
        this.recorder = recorder;
        this.block = block;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
            this.beanFactory = listable;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        ChannelClassifier.Inspection inspection = this.classifier.inspect(bean.getClass());
        if (inspection == null
                || this.classifier.isAccepted(beanName)
                || !inspection.inspector().isWatched(inspection.kind(), bean)) {
            return bean;
        }
        return wrap(bean, beanName, inspection.kind());
    }

    private Object wrap(Object bean, String beanName, ChannelKind kind) {
        Class<?> type = bean.getClass();
        boolean subclass = !Modifier.isFinal(type.getModifiers())
                && !Proxy.isProxyClass(type)
                && Modifier.isPublic(type.getModifiers());
        if (!subclass && !isDeclaredByInterface(beanName, type)) {
            logger.warn("Cannot watch " + kind.tagValue() + " channel '" + beanName + "' (" + type.getName()
                    + "): a final class declared by that class cannot be wrapped, so its calls in shadow are not"
                    + " refused. Fix: " + kind.fix(beanName));
            return bean;
        }
        try {
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setProxyTargetClass(subclass);
            factory.addAdvice(new Watch(beanName, kind));
            return GuardProxies.guard(factory, type.getClassLoader());
        } catch (RuntimeException | LinkageError ex) {
            logger.debug("Cannot watch " + kind.tagValue() + " channel '" + beanName + "': " + ex);
            return bean;
        }
    }

    private boolean isDeclaredByInterface(String beanName, Class<?> type) {
        if (ClassUtils.getAllInterfacesForClass(type, type.getClassLoader()).length == 0) {
            return false;
        }
        ConfigurableListableBeanFactory factory = this.beanFactory;
        if (factory == null || !factory.containsBeanDefinition(beanName)) {
            return false;
        }
        Class<?> declared =
                factory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
        if (declared != null && FactoryBean.class.isAssignableFrom(declared)) {
            // the bean is the product of a factory bean (a Feign client's FeignClientFactoryBean):
            // it is declared by the type the factory bean makes
            declared = factory.getType(beanName, false);
        }
        return declared != null && declared.isInterface();
    }

    private boolean isUncovered(String beanName) {
        ShadowLeakAudit current = this.audit.get();
        return (current != null) ? current.isUncovered(beanName) : !this.classifier.isAccepted(beanName);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Notices a call to one watched channel, and to what it hands out.
     */
    private final class Watch implements MethodInterceptor {

        private final String beanName;

        private final ChannelKind kind;

        /**
         * What each method handed out last, with its watched wrapper: a channel that hands out the
         * same object again (an operations object, its connection factory) hands out the same
         * wrapper, made once instead of on every call, live ones included.
         */
        private final HandedOutWrappers handedOut = new HandedOutWrappers();

        Watch(String beanName, ChannelKind kind) {
            this.beanName = beanName;
            this.kind = kind;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            Method method = invocation.getMethod();
            if (!isChannelMethod(method)) {
                return invocation.proceed();
            }
            boolean publisher = REACTOR && SubscribedCalls.returnsPublisher(method);
            ShadowContext context = ShadowContextHolder.current();
            boolean counted = false;
            if (context != null && (publisher || !isAccessor(method)) && isUncovered(this.beanName)) {
                ShadowBlockedException refused = used(method, context.mode());
                if (refused != null) {
                    throw refused;
                }
                counted = true;
            }
            Object result = invocation.proceed();
            if (result != null
                    && result == invocation.getThis()
                    && invocation instanceof ProxyMethodInvocation proxied) {
                // a fluent call answers the channel itself: keep the caller on the watched one
                return proxied.getProxy();
            }
            if (result == null || counted) {
                // a shadow use that is only counted: what it hands out (the next step of a
                // fluent call, its publisher) belongs to that one use
                return result;
            }
            if (publisher) {
                return SubscribedCalls.decided(
                        method, result, (mode) -> isUncovered(this.beanName) ? used(method, mode) : null);
            }
            return watchHandedOut(method, result);
        }

        /**
         * Count and log a shadow use of the channel.
         * @return the refusal to raise, or {@code null} when uncovered calls are only counted
         */
        private @Nullable ShadowBlockedException used(Method method, ShadowMode mode) {
            UncoveredChannelMonitor.this.recorder.get().uncoveredChannelUsed(this.kind.tagValue(), this.beanName, mode);
            if (UncoveredChannelMonitor.this.reported.add(this.beanName)) {
                logger.warn("Uncovered " + this.kind.tagValue() + " channel '" + this.beanName
                        + "' used in a shadow unit of work (" + method.getName() + "): "
                        + (UncoveredChannelMonitor.this.block ? "blocked" : "it acts on production") + ". Fix: "
                        + this.kind.fix(this.beanName) + " (logged once per channel)");
            }
            return UncoveredChannelMonitor.this.block
                    ? new ShadowBlockedException(this.kind.tagValue(), this.beanName)
                    : null;
        }

        /**
         * Watch what the channel hands out through an interface, or as a channel the audit
         * recognises, under this channel's name.
         */
        private Object watchHandedOut(Method method, Object result) {
            Class<?> declared = method.getReturnType();
            if (result instanceof WatchedHandle || isValue(declared)) {
                return result;
            }
            boolean recognised = UncoveredChannelMonitor.this.classifier.inspect(result.getClass()) != null;
            if (!declared.isInterface() && !recognised) {
                return result;
            }
            Class<?> type = result.getClass();
            boolean subclass = !declared.isInterface()
                    && !Modifier.isFinal(type.getModifiers())
                    && !Proxy.isProxyClass(type)
                    && Modifier.isPublic(type.getModifiers());
            if (!declared.isInterface() && !subclass) {
                return result;
            }
            try {
                return this.handedOut.wrapperOf(method, result, () -> {
                    ProxyFactory factory = new ProxyFactory(result);
                    factory.setProxyTargetClass(subclass);
                    factory.addInterface(WatchedHandle.class);
                    factory.addAdvice(this);
                    return GuardProxies.opaque(factory, type.getClassLoader());
                });
            } catch (RuntimeException | LinkageError ex) {
                logger.debug("Cannot watch what " + this.kind.tagValue() + " channel '" + this.beanName
                        + "' hands out from " + method.getName() + ": " + ex);
                return result;
            }
        }

        private static boolean isValue(Class<?> type) {
            if (type.isPrimitive() || type.isArray() || type.isEnum()) {
                return true;
            }
            String name = type.getName();
            return NO_HANDLE_PACKAGES.stream().anyMatch(name::startsWith);
        }

        private static boolean isChannelMethod(Method method) {
            return !AopUtils.isEqualsMethod(method)
                    && !AopUtils.isHashCodeMethod(method)
                    && !AopUtils.isToStringMethod(method)
                    && method.getDeclaringClass() != Object.class
                    && method.getDeclaringClass() != WatchedHandle.class;
        }

        /**
         * Whether a method is a bean accessor: {@code getX()} or {@code isX()} without arguments,
         * {@code setX(value)} answering nothing. An operation named like one ({@code
         * setQueueAttributes(request)}, which answers a response) is a call like any other.
         */
        private static boolean isAccessor(Method method) {
            String name = method.getName();
            if (!ACCESSOR.matcher(name).matches()) {
                return false;
            }
            if (name.startsWith("set")) {
                return method.getParameterCount() == 1 && method.getReturnType() == void.class;
            }
            return method.getParameterCount() == 0;
        }
    }

    /**
     * Implemented by what a watched channel hands out and the monitor watches in turn, so that it
     * is never watched twice.
     */
    interface WatchedHandle {}
}
