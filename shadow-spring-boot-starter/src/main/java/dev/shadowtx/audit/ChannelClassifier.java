package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

/**
 * Recognises the side-effect channels among the beans of a bean factory and tells, for each, what
 * covers it. What a channel is and what guards it comes from the {@link ChannelInspector}s each
 * module lists in {@code META-INF/spring.factories}, consulted in order, then from
 * {@link RecognisedChannels} for the channels no module on the classpath inspects.
 * <p>
 * The {@code @LiveOnly} rule: a channel is covered when at least one bean depends on it and every
 * bean that depends on it is annotated {@code @LiveOnly} on its class, or on every public method
 * its class declares; a client of an unknown kind is covered too when its own class is so
 * annotated. The annotation is recognised by name.
 */
final class ChannelClassifier {

    static final String LIVE_ONLY_ANNOTATION = "dev.shadowtx.core.annotation.LiveOnly";

    private final ConfigurableListableBeanFactory beanFactory;

    private final Set<String> accepted;

    private final String liveOnlyAnnotation;

    private final @Nullable ClassLoader classLoader;

    private final List<ChannelInspector> inspectors;

    ChannelClassifier(ConfigurableListableBeanFactory beanFactory, Collection<String> accepted) {
        this(beanFactory, accepted, LIVE_ONLY_ANNOTATION);
    }

    ChannelClassifier(
            ConfigurableListableBeanFactory beanFactory, Collection<String> accepted, String liveOnlyAnnotation) {
        this.beanFactory = beanFactory;
        this.accepted = new LinkedHashSet<>(accepted);
        this.liveOnlyAnnotation = liveOnlyAnnotation;
        this.classLoader = beanFactory.getBeanClassLoader();
        this.inspectors = inspectors(this.classLoader);
    }

    /**
     * Return the inspectors listed in {@code META-INF/spring.factories}, in order, followed by
     * {@link RecognisedChannels}.
     * @param classLoader the class loader to read the lists with
     * @return the inspectors
     */
    static List<ChannelInspector> inspectors(@Nullable ClassLoader classLoader) {
        List<ChannelInspector> contributed = new ArrayList<>(
                SpringFactoriesLoader.forDefaultResourceLocation(classLoader).load(ChannelInspector.class));
        AnnotationAwareOrderComparator.sort(contributed);
        contributed.add(new RecognisedChannels(classLoader));
        return List.copyOf(contributed);
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
            Inspection inspection = (type != null) ? inspect(type) : null;
            if (type != null && inspection != null) {
                channels.add(audit(name, inspection, type));
            }
        }
        return new ChannelInventory(channels);
    }

    /**
     * Return the kind of channel of a type and the inspector that recognised it.
     * @param type the bean type
     * @return the inspection, or {@code null} when the type is no recognised channel
     */
    @Nullable
    Inspection inspect(Class<?> type) {
        for (ChannelInspector inspector : this.inspectors) {
            ChannelKind kind = inspector.kindOf(type);
            if (kind != null) {
                return new Inspection(inspector, kind);
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

    private AuditedChannel audit(String name, Inspection inspection, Class<?> type) {
        ChannelKind kind = inspection.kind();
        String typeName = displayType(name, type);
        String guard = inspection.inspector().guard(new ChannelBean(this.beanFactory, name, kind));
        if (guard != null) {
            return new AuditedChannel(name, kind, typeName, ChannelCoverage.GUARDED, guard);
        }
        if (isAccepted(name)) {
            return new AuditedChannel(
                    name, kind, typeName, ChannelCoverage.ACCEPTED, "listed in shadow.audit.accepted");
        }
        if (kind == RecognisedChannels.UNKNOWN && isLiveOnlyClass(type)) {
            return new AuditedChannel(
                    name, kind, typeName, ChannelCoverage.LIVE_ONLY, "its class is @LiveOnly: never called in shadow");
        }
        List<String> liveOnlyUsers = liveOnlyUsers(name);
        if (!liveOnlyUsers.isEmpty()) {
            return new AuditedChannel(
                    name, kind, typeName, ChannelCoverage.LIVE_ONLY, "used only by @LiveOnly beans " + liveOnlyUsers);
        }
        return new AuditedChannel(name, kind, typeName, ChannelCoverage.UNCOVERED, kind.uncoveredReason());
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

    private boolean isLiveOnlyClass(Class<?> type) {
        return ClassUtils.isPresent(this.liveOnlyAnnotation, this.classLoader)
                && isLiveOnly(ClassUtils.getUserClass(type));
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
        Class<?> guarded = (bean != null) ? GuardProxies.targetClassOf(bean) : null;
        if (guarded != null) {
            return guarded.getName();
        }
        if (bean instanceof Advised advised && advised.getTargetClass() != null) {
            return advised.getTargetClass().getName();
        }
        if (Proxy.isProxyClass(type) && type.getInterfaces().length > 0) {
            return type.getInterfaces()[0].getName();
        }
        return ClassUtils.getUserClass(type).getName();
    }

    /**
     * The kind of channel a type is, and the inspector that judges its guard.
     * @param inspector the inspector that recognised the type
     * @param kind the kind it returned
     */
    record Inspection(ChannelInspector inspector, ChannelKind kind) {}
}
