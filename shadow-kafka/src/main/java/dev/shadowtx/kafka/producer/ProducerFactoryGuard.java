package dev.shadowtx.kafka.producer;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowExempt;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.kafka.support.GuardedViews;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.RoutingKafkaTemplate;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the producer guard on every producer path of an application, whatever way its factory
 * was built: a producer factory bean of any kind, the factory a {@code KafkaTemplate} bean (or a
 * subclass) was built over inline, each factory of a {@code RoutingKafkaTemplate}. Where the guard
 * cannot be attached, the path fails closed: a factory that refuses post-processors is wrapped so
 * its producers are guarded all the same, and a template whose factory can neither be reached nor
 * guarded refuses to send in shadow with {@link ShadowBlockedException}.
 * <p>
 * A factory or a template that implements {@link ShadowExempt} (shadowtx's own channels) is left
 * as it is.
 */
public final class ProducerFactoryGuard {

    private static final String CHANNEL = "kafka";

    private static final Set<String> SENDING_METHODS =
            Set.of("send", "sendDefault", "execute", "executeInTransaction", "sendOffsetsToTransaction");

    private ProducerFactoryGuard() {}

    /**
     * Attach the guard to a producer factory, unless it already carries one.
     * @param factory the factory
     * @param guard the post-processor that guards its producers
     * @return {@code true} when the factory's producers are guarded (or the factory is exempt),
     * {@code false} when the factory does not accept post-processors
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean guard(ProducerFactory<?, ?> factory, ShadowProducerPostProcessor<Object, Object> guard) {
        if (isExempt(factory) || isGuarded(factory)) {
            return true;
        }
        try {
            ((ProducerFactory) factory).addPostProcessor(guard);
        } catch (UnsupportedOperationException ex) {
            return false;
        }
        return isGuarded(factory);
    }

    /**
     * Whether a factory's producers go through a shadow guard: it carries a
     * {@link ShadowProducerPostProcessor} or it is the guarding wrapper of
     * {@link #guardedView(ProducerFactory, ShadowProducerPostProcessor)}.
     * @param factory the factory
     * @return {@code true} when every producer it creates is guarded
     */
    public static boolean isGuarded(ProducerFactory<?, ?> factory) {
        if (factory instanceof GuardedProducerFactory) {
            return true;
        }
        try {
            return factory.getPostProcessors().stream().anyMatch(ShadowProducerPostProcessor.class::isInstance);
        } catch (UnsupportedOperationException ex) {
            return false;
        }
    }

    /**
     * Whether a channel belongs to shadowtx itself and keeps its destination in shadow.
     * @param channel a factory or a template
     * @return {@code true} when it implements {@link ShadowExempt}, or is a template over an
     * exempt factory
     */
    public static boolean isExempt(Object channel) {
        if (channel instanceof ShadowExempt) {
            return true;
        }
        if (channel instanceof KafkaTemplate<?, ?> template && !(template instanceof RoutingKafkaTemplate)) {
            ProducerFactory<?, ?> factory = template.getProducerFactory();
            return factory instanceof ShadowExempt;
        }
        return false;
    }

    /**
     * Return the producer factories a template sends through: its own, or every factory of a
     * {@code RoutingKafkaTemplate}.
     * @param template the template
     * @return the factories, or {@code null} when they cannot be reached
     */
    public static @Nullable List<ProducerFactory<?, ?>> factoriesOf(KafkaTemplate<?, ?> template) {
        if (template instanceof RoutingKafkaTemplate) {
            Field field = ReflectionUtils.findField(RoutingKafkaTemplate.class, "factoryMatchers", Map.class);
            if (field == null || Modifier.isStatic(field.getModifiers())) {
                return null;
            }
            try {
                ReflectionUtils.makeAccessible(field);
                Object matchers = field.get(template);
                if (!(matchers instanceof Map<?, ?> map)) {
                    return null;
                }
                List<ProducerFactory<?, ?>> factories = new ArrayList<>();
                for (Object value : map.values()) {
                    if (!(value instanceof ProducerFactory<?, ?> factory)) {
                        return null;
                    }
                    factories.add(factory);
                }
                return factories;
            } catch (IllegalAccessException | RuntimeException ex) {
                return null;
            }
        }
        return List.of(template.getProducerFactory());
    }

    /**
     * Guard every factory a template sends through.
     * @param template the template
     * @param guard the post-processor that guards producers
     * @return {@code true} when every one of its factories is guarded or exempt
     */
    public static boolean guardTemplate(
            KafkaTemplate<?, ?> template, ShadowProducerPostProcessor<Object, Object> guard) {
        if (isExempt(template)) {
            return true;
        }
        List<ProducerFactory<?, ?>> factories = factoriesOf(template);
        if (factories == null) {
            return false;
        }
        boolean all = true;
        for (ProducerFactory<?, ?> factory : factories) {
            all &= guard(factory, guard);
        }
        return all;
    }

    /**
     * Return a view of a factory that refuses post-processors whose producers are guarded all the
     * same: every producer it hands out goes through the guard.
     * @param factory the factory
     * @param guard the post-processor that guards producers
     * @param <F> the factory type
     * @return a proxy of the factory
     */
    @SuppressWarnings("unchecked")
    public static <F extends ProducerFactory<?, ?>> F guardedView(
            F factory, ShadowProducerPostProcessor<Object, Object> guard) {
        return GuardedViews.ofFactory(
                factory,
                GuardedProducerFactory.class,
                Producer.class,
                (producer) -> guard.apply((Producer<Object, Object>) producer));
    }

    /**
     * Return a view of a template whose factories cannot be guarded that refuses, in shadow, every
     * call that could publish ({@code send}, {@code sendDefault}, {@code execute},
     * {@code executeInTransaction}, {@code sendOffsetsToTransaction}) with
     * {@link ShadowBlockedException}; live calls go through unchanged.
     * @param template the template
     * @param beanName the template's bean name, named in the exception
     * @param <T> the template type
     * @return a proxy of the template
     */
    @SuppressWarnings("unchecked")
    public static <T extends KafkaTemplate<?, ?>> T blockedInShadow(T template, String beanName) {
        ProxyFactory proxyFactory = new ProxyFactory(template);
        proxyFactory.setProxyTargetClass(GuardedViews.canSubclass(template.getClass()));
        proxyFactory.addInterface(BlockedInShadow.class);
        proxyFactory.addAdvice((MethodInterceptor) (invocation) -> {
            if (ShadowContextHolder.current() != null
                    && SENDING_METHODS.contains(invocation.getMethod().getName())) {
                throw new ShadowBlockedException(
                        CHANNEL,
                        invocation.getMethod().getName() + " through KafkaTemplate '" + beanName
                                + "', whose producer factory cannot be guarded");
            }
            return invocation.proceed();
        });
        return GuardProxies.guard(proxyFactory, template.getClass().getClassLoader());
    }

    /**
     * Implemented by the guarding view of a factory that refuses post-processors.
     */
    public interface GuardedProducerFactory {}

    /**
     * Implemented by the view of a template that refuses to send in shadow.
     */
    public interface BlockedInShadow {}
}
