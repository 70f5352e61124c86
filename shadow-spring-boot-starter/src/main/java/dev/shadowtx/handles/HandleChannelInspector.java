package dev.shadowtx.handles;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Inspects the client beans whose handles the starter guards: MongoDB's synchronous and Reactive
 * Streams drivers and Spring Data MongoDB (imperative and reactive), Spring Data Redis (its
 * connection factories and templates, imperative and reactive) and the AWS SDK v2 service
 * clients. Such a bean is covered when its guard is on; one the guard missed (turned off with
 * {@code shadow.<technology>.guard=false}, or a reactive Redis template of a class of its own
 * over a factory that is no bean that keeps a Redis factory or connection in a field of its own)
 * is watched by the leak audit's monitor.
 */
public final class HandleChannelInspector implements ChannelInspector, Ordered {

    /**
     * MongoDB clients, database factories and templates, synchronous and reactive.
     */
    public static final ChannelKind MONGO = ChannelKind.guardable(
            "mongo",
            "its writes are not blocked in shadow",
            "keep shadow.mongo.guard=true (the default) so that its writes are blocked in shadow");

    /**
     * Redis connection factories and templates, imperative and reactive.
     */
    public static final ChannelKind REDIS = ChannelKind.guardable(
            "redis",
            "its writes are not blocked in shadow",
            "keep shadow.redis.guard=true (the default) so that its writes are blocked in shadow");

    /**
     * AWS SDK v2 service clients.
     */
    public static final ChannelKind AWS = ChannelKind.guardable(
            "aws",
            "its writes are not blocked in shadow",
            "keep shadow.aws.guard=true (the default) so that its writes are blocked in shadow");

    /**
     * The bean name of the post-processor that guards MongoDB handles.
     */
    public static final String MONGO_GUARD = "shadowMongoHandlePostProcessor";

    /**
     * The bean name of the post-processor that guards Redis handles.
     */
    public static final String REDIS_GUARD = "shadowRedisHandlePostProcessor";

    /**
     * The bean name of the post-processor that guards AWS SDK clients.
     */
    public static final String AWS_GUARD = "shadowAwsHandlePostProcessor";

    private static final String GUARDED = "shadow writes blocked, reads pass; handles it returns are guarded too";

    private static final ChannelTypes MONGO_TYPES = ChannelTypes.named(
            "com.mongodb.client.MongoClient",
            "com.mongodb.reactivestreams.client.MongoClient",
            "org.springframework.data.mongodb.MongoDatabaseFactory",
            "org.springframework.data.mongodb.ReactiveMongoDatabaseFactory",
            "org.springframework.data.mongodb.core.MongoOperations",
            "org.springframework.data.mongodb.core.ReactiveMongoOperations");

    private static final ChannelTypes REDIS_TYPES = ChannelTypes.named(
            "org.springframework.data.redis.connection.RedisConnectionFactory",
            "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory",
            "org.springframework.data.redis.core.RedisOperations",
            "org.springframework.data.redis.core.ReactiveRedisOperations");

    private static final ChannelTypes AWS_TYPES = ChannelTypes.named("software.amazon.awssdk.core.SdkClient");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        if (MONGO_TYPES.matches(beanType)) {
            return MONGO;
        }
        if (REDIS_TYPES.matches(beanType)) {
            return REDIS;
        }
        if (AWS_TYPES.matches(beanType)) {
            return AWS;
        }
        return null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean == null) {
            return channel.beanFactory().containsBean(guardName(channel.kind()))
                    ? GUARDED + ", applied when created"
                    : null;
        }
        return GuardedHandles.isGuarded(bean) ? GUARDED : null;
    }

    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return !GuardedHandles.isGuarded(bean);
    }

    private static String guardName(ChannelKind kind) {
        if (kind == MONGO) {
            return MONGO_GUARD;
        }
        return (kind == REDIS) ? REDIS_GUARD : AWS_GUARD;
    }

    @Override
    public int getOrder() {
        return 500;
    }
}
