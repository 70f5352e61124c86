package dev.shadowtx.redis;

import dev.shadowtx.handles.GuardedHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultReactiveScriptExecutor;
import org.springframework.data.redis.core.script.ReactiveScriptExecutor;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.util.ReflectionUtils;

/**
 * The reactive part of {@link RedisHandleRules}, loaded only when Reactor is present.
 */
final class ReactiveRedis {

    private ReactiveRedis() {}

    static boolean isHandle(Object value) {
        return value instanceof ReactiveRedisConnectionFactory || value instanceof ReactiveRedisConnection;
    }

    static boolean isFactory(Object target) {
        return target instanceof ReactiveRedisConnectionFactory;
    }

    static boolean isTemplate(Object bean) {
        return bean instanceof ReactiveRedisTemplate<?, ?>;
    }

    /**
     * Return a template whose commands go through a guarded connection factory: the template
     * itself when its factory is guarded, else the same template built over the guarded factory.
     * A template of a class of the application's own cannot be built again: it is kept, and its
     * factory (and the script executor built over it) are replaced in place by guarded ones, since
     * every command of a {@code ReactiveRedisTemplate} takes its connection from
     * {@code getConnectionFactory()}. Only when the subclass keeps a factory, a connection or a
     * script executor in a field of its own, which may bypass the template's, or when the fields
     * cannot be written, is it left as it is ({@code null}), so that the leak audit lists it and its
     * monitor refuses its calls in shadow.
     */
    @SuppressWarnings("unchecked")
    static @Nullable Object guardTemplate(Object bean, UnaryOperator<Object> guard) {
        ReactiveRedisTemplate<?, ?> template = (ReactiveRedisTemplate<?, ?>) bean;
        ReactiveRedisConnectionFactory factory = template.getConnectionFactory();
        if (factory instanceof GuardedHandle) {
            return bean;
        }
        Class<?> type = bean.getClass();
        if (type != ReactiveRedisTemplate.class && type != ReactiveStringRedisTemplate.class) {
            return guardInPlace(template, type, guard);
        }
        ReactiveRedisConnectionFactory guarded = (ReactiveRedisConnectionFactory) guard.apply(factory);
        boolean expose = exposesConnection(template);
        if (type == ReactiveStringRedisTemplate.class) {
            return new ReactiveStringRedisTemplate(
                    guarded, (RedisSerializationContext<String, String>) template.getSerializationContext(), expose);
        }
        return new ReactiveRedisTemplate<>(guarded, template.getSerializationContext(), expose);
    }

    private static @Nullable Object guardInPlace(
            ReactiveRedisTemplate<?, ?> template, Class<?> type, UnaryOperator<Object> guard) {
        if (holdsItsOwnChannel(type)) {
            return null;
        }
        Field factoryField = ReflectionUtils.findField(
                ReactiveRedisTemplate.class, "connectionFactory", ReactiveRedisConnectionFactory.class);
        Field scriptsField = ReflectionUtils.findField(
                ReactiveRedisTemplate.class, "reactiveScriptExecutor", ReactiveScriptExecutor.class);
        if (factoryField == null || scriptsField == null) {
            return null;
        }
        ReactiveRedisConnectionFactory guarded =
                (ReactiveRedisConnectionFactory) guard.apply(template.getConnectionFactory());
        try {
            factoryField.setAccessible(true);
            scriptsField.setAccessible(true);
            factoryField.set(template, guarded);
            scriptsField.set(
                    template, new DefaultReactiveScriptExecutor<>(guarded, template.getSerializationContext()));
        } catch (IllegalAccessException | RuntimeException ex) {
            // a runtime that refuses to write final fields: the monitor blocks the template whole
            return null;
        }
        return template;
    }

    /**
     * Whether a subclass declares a field through which it could reach Redis past the template's
     * factory.
     */
    private static boolean holdsItsOwnChannel(Class<?> type) {
        for (Class<?> current = type; current != ReactiveRedisTemplate.class; current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                Class<?> held = field.getType();
                if (!Modifier.isStatic(field.getModifiers())
                        && (ReactiveRedisConnectionFactory.class.isAssignableFrom(held)
                                || ReactiveRedisConnection.class.isAssignableFrom(held)
                                || ReactiveScriptExecutor.class.isAssignableFrom(held))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean exposesConnection(ReactiveRedisTemplate<?, ?> template) {
        Field field = ReflectionUtils.findField(ReactiveRedisTemplate.class, "exposeConnection", boolean.class);
        if (field == null) {
            return false;
        }
        ReflectionUtils.makeAccessible(field);
        return Boolean.TRUE.equals(ReflectionUtils.getField(field, template));
    }
}
