package dev.shadowtx.core.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * One bean a {@link ChannelInspector} recognised, as it judges its guard: the bean name, its kind
 * and access to the bean factory it lives in.
 */
public final class ChannelBean {

    private final ConfigurableListableBeanFactory beanFactory;

    private final String name;

    private final ChannelKind kind;

    /**
     * Create the view of one channel bean.
     * @param beanFactory the bean factory that defines it
     * @param name the bean name
     * @param kind the kind the inspector recognised
     */
    public ChannelBean(ConfigurableListableBeanFactory beanFactory, String name, ChannelKind kind) {
        this.beanFactory = beanFactory;
        this.name = name;
        this.kind = kind;
    }

    /**
     * Return the bean name.
     * @return the name
     */
    public String name() {
        return this.name;
    }

    /**
     * Return the kind of channel.
     * @return the kind
     */
    public ChannelKind kind() {
        return this.kind;
    }

    /**
     * Return the bean factory, for inspections that need other beans.
     * @return the bean factory
     */
    public ConfigurableListableBeanFactory beanFactory() {
        return this.beanFactory;
    }

    /**
     * Return the bean when it already exists, never creating it: a lazy singleton not created yet
     * is judged by what will guard it when it is.
     * @return the singleton, or {@code null} when it does not exist (yet) or cannot be obtained
     */
    public @Nullable Object existing() {
        return this.beanFactory.containsSingleton(this.name) ? obtain() : null;
    }

    /**
     * Return the bean, creating it when it is lazy or a prototype. Only for channels whose
     * creation opens no connection (clients and their builders).
     * @return the bean, or {@code null} when it cannot be created
     */
    public @Nullable Object instance() {
        return obtain();
    }

    /**
     * Whether the bean factory defines a bean of a type, named so that the type may be absent.
     * @param className the fully-qualified class name
     * @return {@code true} when the type is present and at least one bean has it
     */
    public boolean hasBeanOfType(String className) {
        ClassLoader classLoader = this.beanFactory.getBeanClassLoader();
        if (!ClassUtils.isPresent(className, classLoader)) {
            return false;
        }
        Class<?> type = ClassUtils.resolveClassName(className, classLoader);
        return this.beanFactory.getBeanNamesForType(type, true, false).length > 0;
    }

    /**
     * A bean that cannot be obtained is judged without its instance: unguarded, the shadow side.
     */
    private @Nullable Object obtain() {
        try {
            return this.beanFactory.getBean(this.name);
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
