package dev.shadowtx.redis;

import dev.shadowtx.handles.GuardedHandle;
import java.lang.reflect.Field;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
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
     * A template of another class than Spring Data's two cannot be built again: {@code null},
     * so that the leak audit lists it and its monitor refuses its calls in shadow.
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
            return null;
        }
        ReactiveRedisConnectionFactory guarded = (ReactiveRedisConnectionFactory) guard.apply(factory);
        boolean expose = exposesConnection(template);
        if (type == ReactiveStringRedisTemplate.class) {
            return new ReactiveStringRedisTemplate(
                    guarded, (RedisSerializationContext<String, String>) template.getSerializationContext(), expose);
        }
        return new ReactiveRedisTemplate<>(guarded, template.getSerializationContext(), expose);
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
