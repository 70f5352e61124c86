package dev.shadowtx.audit;

import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryGuard;
import dev.shadowtx.core.routing.RoutedDataSource;
import dev.shadowtx.core.routing.ShadowRoutingDataSource;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowTransactionListener;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.aopalliance.aop.Advice;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Recognises the side-effect channels among the beans of a bean factory and tells, for each, what
 * covers it. Every optional type is recognised by class name, so none of them is needed on the
 * classpath.
 * <p>
 * The {@code @LiveOnly} rule: a channel is covered when at least one bean depends on it and every
 * bean that depends on it is annotated {@code @LiveOnly} on its class, or on every public method
 * its class declares. The annotation is recognised by name.
 */
final class ChannelClassifier {

    static final String LIVE_ONLY_ANNOTATION = "dev.shadowtx.core.annotation.LiveOnly";

    private static final String FEIGN_CLIENT_ANNOTATION = "org.springframework.cloud.openfeign.FeignClient";

    private static final String FEIGN_CAPABILITY = "dev.shadowtx.feign.ShadowFeignCapability";

    private static final String KAFKA_PRODUCER_GUARD = "dev.shadowtx.kafka.producer.ShadowProducerPostProcessor";

    private static final String R2DBC_GUARD_POST_PROCESSOR =
            "dev.shadowtx.core.r2dbc.ShadowConnectionFactoryPostProcessor";

    private static final String REST_CLIENT = "org.springframework.web.client.RestClient";

    private static final String WEB_CLIENT = "org.springframework.web.reactive.function.client.WebClient";

    private final ConfigurableListableBeanFactory beanFactory;

    private final Set<String> accepted;

    private final String liveOnlyAnnotation;

    private final @Nullable ClassLoader classLoader;

    private final Map<ChannelKind, List<Class<?>>> types = new EnumMap<>(ChannelKind.class);

    ChannelClassifier(ConfigurableListableBeanFactory beanFactory, Collection<String> accepted) {
        this(beanFactory, accepted, LIVE_ONLY_ANNOTATION);
    }

    ChannelClassifier(
            ConfigurableListableBeanFactory beanFactory, Collection<String> accepted, String liveOnlyAnnotation) {
        this.beanFactory = beanFactory;
        this.accepted = new LinkedHashSet<>(accepted);
        this.liveOnlyAnnotation = liveOnlyAnnotation;
        this.classLoader = beanFactory.getBeanClassLoader();
        for (ChannelKind kind : ChannelKind.values()) {
            List<Class<?>> present = new ArrayList<>();
            for (String name : kind.typeNames()) {
                if (ClassUtils.isPresent(name, this.classLoader)) {
                    present.add(ClassUtils.resolveClassName(name, this.classLoader));
                }
            }
            this.types.put(kind, present);
        }
    }

    /**
     * Classify every channel among the beans.
     * @return the inventory, in bean-name order
     */
    ChannelInventory classify() {
        Set<String> names = new TreeSet<>(Arrays.asList(this.beanFactory.getBeanDefinitionNames()));
        names.addAll(Arrays.asList(this.beanFactory.getSingletonNames()));
        List<AuditedChannel> channels = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("scopedTarget.") || isAbstract(name)) {
                continue;
            }
            Class<?> type = typeOf(name);
            ChannelKind kind = (type != null) ? kindOf(type) : null;
            if (type != null && kind != null) {
                channels.add(audit(name, kind, type));
            }
        }
        return new ChannelInventory(channels);
    }

    /**
     * Return the kind of channel of a type.
     * @param type the bean type
     * @return the kind, or {@code null} when the type is no recognised channel
     */
    @Nullable
    ChannelKind kindOf(Class<?> type) {
        for (ChannelKind kind : ChannelKind.values()) {
            if (kind == ChannelKind.FEIGN) {
                if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(FEIGN_CLIENT_ANNOTATION)) {
                    return kind;
                }
                continue;
            }
            for (Class<?> candidate : this.types.getOrDefault(kind, List.of())) {
                if (candidate.isAssignableFrom(type)) {
                    return kind;
                }
            }
        }
        return null;
    }

    /**
     * Whether a bean name is listed as accepted.
     * @param beanName the bean name
     * @return {@code true} when {@code shadow.audit.accepted} lists it
     */
    boolean isAccepted(String beanName) {
        return this.accepted.contains(beanName);
    }

    private AuditedChannel audit(String name, ChannelKind kind, Class<?> type) {
        String typeName = displayType(name, type);
        String guard = guard(name, kind);
        if (guard != null) {
            return new AuditedChannel(name, kind, typeName, ChannelCoverage.GUARDED, guard);
        }
        if (isAccepted(name)) {
            return new AuditedChannel(
                    name, kind, typeName, ChannelCoverage.ACCEPTED, "listed in shadow.audit.accepted");
        }
        List<String> liveOnlyUsers = liveOnlyUsers(name);
        if (!liveOnlyUsers.isEmpty()) {
            return new AuditedChannel(
                    name, kind, typeName, ChannelCoverage.LIVE_ONLY, "used only by @LiveOnly beans " + liveOnlyUsers);
        }
        return new AuditedChannel(name, kind, typeName, ChannelCoverage.UNCOVERED, uncoveredReason(kind));
    }

    private static String uncoveredReason(ChannelKind kind) {
        return switch (kind) {
            case JDBC -> "not wrapped by the JDBC guard";
            case R2DBC -> "not wrapped by the R2DBC guard";
            case TRANSACTION -> "no transaction guard on it";
            case KAFKA -> "its producer factory has no ShadowProducerPostProcessor";
            case FEIGN -> "no ShadowFeignCapability bean";
            case HTTP -> "no shadow interceptor or filter: built by hand, not from Boot's builder";
            default -> "no shadowtx guard exists for " + kind.tagValue();
        };
    }

    private @Nullable String guard(String name, ChannelKind kind) {
        return switch (kind) {
            case JDBC -> dataSourceGuard(name);
            case R2DBC -> connectionFactoryGuard(name);
            case TRANSACTION -> transactionGuard(name);
            case KAFKA -> kafkaGuard(name);
            case FEIGN ->
                hasBeanOfType(FEIGN_CAPABILITY) ? "ShadowFeignCapability applies to every Feign client" : null;
            case HTTP -> httpGuard(name);
            default -> null;
        };
    }

    private @Nullable String dataSourceGuard(String name) {
        Object bean = createdSingleton(name);
        if (bean == null) {
            return hasBeanOfType(ShadowDataSourcePostProcessor.class.getName())
                    ? "JDBC guard, applied when created"
                    : null;
        }
        if (bean instanceof RoutedDataSource) {
            return "routed to its shadow store";
        }
        if (bean instanceof DataSource dataSource && ShadowDataSourceGuard.isGuarded(dataSource)) {
            return "JDBC guard: shadow commits become rollbacks";
        }
        return null;
    }

    private @Nullable String connectionFactoryGuard(String name) {
        Object bean = createdSingleton(name);
        if (bean == null) {
            return hasBeanOfType(R2DBC_GUARD_POST_PROCESSOR) ? "R2DBC guard, applied when created" : null;
        }
        // the marker interface holds no R2DBC type: checking it loads nothing optional
        if (bean instanceof ShadowConnectionFactoryGuard.Guarded) {
            return "R2DBC guard: shadow commits become rollbacks";
        }
        return null;
    }

    private @Nullable String transactionGuard(String name) {
        Object bean = createdSingleton(name);
        if (bean == null) {
            return hasBeanOfType(ShadowTransactionManagerPostProcessor.class.getName())
                    ? "transaction guard, applied when created"
                    : null;
        }
        if (ShadowRoutingDataSource.commitsShadowWork(bean)) {
            return "its data source routes shadow work to the shadow store";
        }
        if (bean instanceof ConfigurableTransactionManager configurable
                && configurable.getTransactionExecutionListeners().stream()
                        .anyMatch(ShadowTransactionListener.class::isInstance)) {
            return "transaction guard: shadow commits become rollbacks";
        }
        if (bean instanceof Advised advised) {
            for (Advisor advisor : advised.getAdvisors()) {
                Advice advice = advisor.getAdvice();
                if (advice.getClass().getName().startsWith(ShadowTransactionManagerPostProcessor.class.getName())) {
                    return "transaction guard proxy: shadow commits become rollbacks";
                }
            }
        }
        return null;
    }

    private @Nullable String kafkaGuard(String name) {
        Object bean = createdSingleton(name);
        if (bean == null) {
            return null;
        }
        Object factory = invoke(bean, "getProducerFactory");
        Object postProcessors = invoke((factory != null) ? factory : bean, "getPostProcessors");
        if (postProcessors instanceof Collection<?> collection
                && collection.stream()
                        .anyMatch((postProcessor) ->
                                postProcessor.getClass().getName().equals(KAFKA_PRODUCER_GUARD))) {
            return "ShadowProducerPostProcessor on its producer factory";
        }
        return null;
    }

    private @Nullable String httpGuard(String name) {
        Object bean = inspectable(name);
        if (bean == null) {
            return null;
        }
        if (ClassUtils.isPresent(REST_CLIENT, this.classLoader) && HttpClientInspection.handles(bean)) {
            return HttpClientInspection.isGuarded(bean) ? "ShadowClientHttpRequestInterceptor" : null;
        }
        if (ClassUtils.isPresent(WEB_CLIENT, this.classLoader) && WebClientInspection.handles(bean)) {
            return WebClientInspection.isGuarded(bean) ? "ShadowExchangeFilterFunction" : null;
        }
        return null;
    }

    private List<String> liveOnlyUsers(String name) {
        if (!ClassUtils.isPresent(this.liveOnlyAnnotation, this.classLoader)) {
            return List.of();
        }
        String[] dependents = this.beanFactory.getDependentBeans(name);
        List<String> users = new ArrayList<>();
        for (String dependent : dependents) {
            Class<?> type = typeOf(dependent);
            if (type == null || !isLiveOnly(ClassUtils.getUserClass(type))) {
                return List.of();
            }
            users.add(dependent);
        }
        return users;
    }

    private boolean isLiveOnly(Class<?> type) {
        if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(this.liveOnlyAnnotation)) {
            return true;
        }
        boolean any = false;
        for (Method method : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())
                    || Modifier.isStatic(method.getModifiers())
                    || method.isSynthetic()
                    || method.isBridge()) {
                continue;
            }
            if (!MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(this.liveOnlyAnnotation)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private boolean hasBeanOfType(String className) {
        if (!ClassUtils.isPresent(className, this.classLoader)) {
            return false;
        }
        Class<?> type = ClassUtils.resolveClassName(className, this.classLoader);
        return this.beanFactory.getBeanNamesForType(type, true, false).length > 0;
    }

    private @Nullable Object createdSingleton(String name) {
        if (!this.beanFactory.containsSingleton(name)) {
            return null;
        }
        try {
            return this.beanFactory.getBean(name);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * Return the HTTP client or builder to inspect, creating it when it is lazy or a prototype
     * (Boot's {@code RestClient.Builder} is a prototype, its {@code RestTemplateBuilder} lazy):
     * creating a client or a builder opens no connection.
     */
    private @Nullable Object inspectable(String name) {
        try {
            return this.beanFactory.getBean(name);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private @Nullable Class<?> typeOf(String name) {
        try {
            return this.beanFactory.getType(name, false);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private boolean isAbstract(String name) {
        if (!this.beanFactory.containsBeanDefinition(name)) {
            return false;
        }
        BeanDefinition definition = this.beanFactory.getBeanDefinition(name);
        return definition.isAbstract();
    }

    private String displayType(String name, Class<?> type) {
        Object bean = this.beanFactory.containsSingleton(name) ? this.beanFactory.getSingleton(name) : null;
        if (bean instanceof Advised advised && advised.getTargetClass() != null) {
            return advised.getTargetClass().getName();
        }
        if (Proxy.isProxyClass(type) && type.getInterfaces().length > 0) {
            return type.getInterfaces()[0].getName();
        }
        return ClassUtils.getUserClass(type).getName();
    }

    private static @Nullable Object invoke(Object target, String methodName) {
        Method method = ReflectionUtils.findMethod(target.getClass(), methodName);
        if (method == null) {
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(method);
            return ReflectionUtils.invokeMethod(method, target);
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
