package dev.shadowtx.audit;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
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
 * Accessors ({@code getX}, {@code setX}, {@code isX}) and {@code Object} methods are not calls
 * to the channel. A bean whose class is final is wrapped in a proxy of its interfaces only when
 * its bean definition declares one of them (a {@code MongoClient} factory method, say): a bean
 * declared by its final class (Spring Cloud Stream's {@code StreamBridge}) is injected by that
 * class, which an interface proxy is not. Such a bean is still listed, but not watched.
 */
public final class UncoveredChannelMonitor implements BeanPostProcessor, BeanFactoryAware, Ordered {

    private static final Log logger = LogFactory.getLog(UncoveredChannelMonitor.class);

    private static final Pattern ACCESSOR = Pattern.compile("(get|set|is)[A-Z].*");

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
            return factory.getProxy(type.getClassLoader());
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
     * Notices a call to one watched channel.
     */
    private final class Watch implements MethodInterceptor {

        private final String beanName;

        private final ChannelKind kind;

        Watch(String beanName, ChannelKind kind) {
            this.beanName = beanName;
            this.kind = kind;
        }

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            ShadowContext context = ShadowContextHolder.current();
            if (context != null && isUse(invocation.getMethod()) && isUncovered(this.beanName)) {
                UncoveredChannelMonitor.this
                        .recorder
                        .get()
                        .uncoveredChannelUsed(this.kind.tagValue(), this.beanName, context.mode());
                if (UncoveredChannelMonitor.this.reported.add(this.beanName)) {
                    logger.warn("Uncovered " + this.kind.tagValue() + " channel '" + this.beanName
                            + "' used in a shadow unit of work ("
                            + invocation.getMethod().getName() + "): "
                            + (UncoveredChannelMonitor.this.block ? "blocked" : "it acts on production") + ". Fix: "
                            + this.kind.fix(this.beanName) + " (logged once per channel)");
                }
                if (UncoveredChannelMonitor.this.block) {
                    throw new ShadowBlockedException(this.kind.tagValue(), this.beanName);
                }
            }
            return invocation.proceed();
        }

        private boolean isUse(Method method) {
            return !AopUtils.isEqualsMethod(method)
                    && !AopUtils.isHashCodeMethod(method)
                    && !AopUtils.isToStringMethod(method)
                    && method.getDeclaringClass() != Object.class
                    && !ACCESSOR.matcher(method.getName()).matches();
        }
    }
}
