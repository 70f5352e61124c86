package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.annotation.ShadowAnnotations;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Finds the {@code @KafkaListener}s declared {@link dev.shadowtx.core.annotation.ShadowAware
 * @ShadowAware} (on the listener method or its class) and makes them shadow-aware in the
 * {@link ShadowListenerPolicy}, exactly as if their ids were listed in
 * {@code shadow.kafka.consumer.shadow-aware-listeners}. It looks at every bean as Spring Kafka
 * does, after initialization and through AOP proxies, so the ids are known before the listener
 * containers start.
 * <p>
 * A container is recognised by the listener's {@code id} (placeholders and SpEL resolved), or by
 * its {@code groupId} when it has no id. When records are skipped
 * ({@code skip-shadow-records=true}), a {@code @ShadowAware} listener with neither fails the
 * startup, and so does {@code @ShadowAware} on one {@code @KafkaHandler} of a class-level
 * listener whose class is not {@code @ShadowAware}: its container serves every handler of the
 * class, so the annotation could not be honoured for that method alone.
 */
public final class ShadowAwareListenerScanner implements BeanPostProcessor, BeanFactoryAware {

    private final boolean failOnUnrecognisable;

    private final Set<String> shadowAware = ConcurrentHashMap.newKeySet();

    private @Nullable ConfigurableBeanFactory beanFactory;

    /**
     * Create a scanner.
     * @param failOnUnrecognisable whether shadow records are skipped: only then does the annotation
     * matter, so only then are listeners scanned, and a {@code @ShadowAware} listener whose
     * container cannot be recognised fails the startup
     */
    public ShadowAwareListenerScanner(boolean failOnUnrecognisable) {
        this.failOnUnrecognisable = failOnUnrecognisable;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            this.beanFactory = configurable;
        }
    }

    /**
     * Return the listener ids and group ids found so far: a live, read-only view.
     * @return the ids
     */
    public Set<String> shadowAware() {
        return Collections.unmodifiableSet(this.shadowAware);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!this.failOnUnrecognisable) {
            // nothing is skipped, so being shadow-aware changes nothing: no scan, no resolution
            return bean;
        }
        Class<?> type = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(type, KafkaListener.class)) {
            return bean;
        }
        boolean classAware = ShadowAnnotations.isShadowAware(type);
        for (KafkaListener listener :
                AnnotatedElementUtils.findMergedRepeatableAnnotations(type, KafkaListener.class)) {
            if (classAware) {
                register(listener, type.getName());
            }
        }
        Map<Method, Set<KafkaListener>> methods = MethodIntrospector.selectMethods(
                type, (MethodIntrospector.MetadataLookup<Set<KafkaListener>>) (method) -> {
                    Set<KafkaListener> found =
                            AnnotatedElementUtils.findMergedRepeatableAnnotations(method, KafkaListener.class);
                    return found.isEmpty() ? null : found;
                });
        methods.forEach((method, listeners) -> {
            if (ShadowAnnotations.isShadowAware(method, type)) {
                listeners.forEach((listener) -> register(listener, describe(type, method)));
            }
        });
        if (!classAware) {
            rejectAwareHandlersOfUnawareClassListener(type);
        }
        return bean;
    }

    private void rejectAwareHandlersOfUnawareClassListener(Class<?> type) {
        if (AnnotatedElementUtils.findMergedRepeatableAnnotations(type, KafkaListener.class)
                .isEmpty()) {
            return;
        }
        Set<Method> handlers = MethodIntrospector.selectMethods(
                type,
                (Method method) -> AnnotatedElementUtils.hasAnnotation(method, KafkaHandler.class)
                        && ShadowAnnotations.isShadowAware(method, type));
        if (!handlers.isEmpty()) {
            Method handler = handlers.iterator().next();
            throw new IllegalStateException("@ShadowAware on " + describe(type, handler) + " cannot be honoured: "
                    + "the @KafkaHandler methods of " + type.getName() + " share one listener container. Put "
                    + "@ShadowAware on the class, or move the method to a listener of its own");
        }
    }

    private void register(KafkaListener listener, String where) {
        String id = resolve(listener.id(), where);
        if (id != null) {
            this.shadowAware.add(id);
            return;
        }
        String groupId = resolve(listener.groupId(), where);
        if (groupId != null) {
            this.shadowAware.add(groupId);
            return;
        }
        throw new IllegalStateException("@ShadowAware listener " + where + " has neither an id nor a groupId "
                + "on its @KafkaListener, so shadowtx cannot recognise its container: give it an id, or list "
                + "its consumer group in shadow.kafka.consumer.shadow-aware-listeners");
    }

    private @Nullable String resolve(String value, String where) {
        if (value.isBlank()) {
            return null;
        }
        ConfigurableBeanFactory factory = this.beanFactory;
        if (factory == null) {
            return value.strip();
        }
        try {
            String resolved = factory.resolveEmbeddedValue(value);
            BeanExpressionResolver expressions = factory.getBeanExpressionResolver();
            Object evaluated = (resolved != null && expressions != null)
                    ? expressions.evaluate(resolved, new BeanExpressionContext(factory, null))
                    : resolved;
            String text = (evaluated != null) ? evaluated.toString().strip() : "";
            return text.isEmpty() ? null : text;
        } catch (BeansException | IllegalArgumentException ex) {
            throw new IllegalStateException(
                    "Cannot resolve '" + value + "' on the @KafkaListener of @ShadowAware listener " + where
                            + ": use a literal or a property placeholder, or list the listener in "
                            + "shadow.kafka.consumer.shadow-aware-listeners",
                    ex);
        }
    }

    private static String describe(Class<?> type, Method method) {
        return type.getName() + "." + method.getName() + "()";
    }
}
