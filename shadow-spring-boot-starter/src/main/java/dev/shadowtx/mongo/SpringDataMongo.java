package dev.shadowtx.mongo;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.handles.GuardedHandle;
import java.lang.reflect.Field;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoDatabaseFactorySupport;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.ReactiveSessionScoped;
import org.springframework.data.mongodb.core.SessionScoped;
import org.springframework.data.mongodb.core.SimpleReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The Spring Data part of {@link MongoHandleRules}, loaded only when Spring Data MongoDB is
 * present. A {@code MongoOperations} or {@code ReactiveMongoOperations} may run in shadow its
 * {@code find}, {@code count}, {@code exists}, {@code query}, {@code stream}, {@code scroll},
 * {@code tail}, {@code changeStream} and {@code geoNear} methods, its accessors
 * ({@code getCollection}, {@code getDb} and {@code getMongoDatabase} hand out guarded handles,
 * the reactive ones through the {@code Mono} they answer), aggregations that write nothing, and
 * {@code execute}, whose callback receives a guarded database or collection, and
 * {@code withSession}, which hands out a guarded session-bound template or a guarded
 * {@code SessionScoped} / {@code ReactiveSessionScoped} (see {@link MongoHandleRules}).
 * Everything else is blocked: {@code insert}, {@code save}, {@code update*}, {@code upsert},
 * {@code remove}, {@code findAndModify} and its siblings, {@code bulkOps}, {@code indexOps},
 * {@code executeCommand} and collection administration.
 */
final class SpringDataMongo {

    private static final Set<String> TEMPLATE_READS = Set.of(
            "find",
            "findOne",
            "findById",
            "findAll",
            "findDistinct",
            "count",
            "estimatedCount",
            "exactCount",
            "exists",
            "collectionExists",
            "query",
            "stream",
            "scroll",
            "tail",
            "changeStream",
            "geoNear",
            "execute",
            "executeQuery",
            "withSession");

    private static final boolean SYNC =
            ClassUtils.isPresent("com.mongodb.client.MongoClient", SpringDataMongo.class.getClassLoader());

    private static final boolean REACTIVE = ClassUtils.isPresent(
            "com.mongodb.reactivestreams.client.MongoClient", SpringDataMongo.class.getClassLoader());

    private SpringDataMongo() {}

    /**
     * Give a Spring Data database factory of the synchronous driver, about to be guarded as a
     * whole, the bare client in place of the guarded client bean it was built over (see
     * {@link MongoHandleRules#beforeGuard}).
     * @param factory the bean
     */
    static void reachSyncClientDirectly(Object factory) {
        if (factory instanceof MongoDatabaseFactorySupport<?>) {
            reachClientDirectly(factory, MongoDatabaseFactorySupport.class, "mongoClient");
        }
    }

    /**
     * Give a Spring Data database factory of the Reactive Streams driver, about to be guarded as
     * a whole, the bare client in place of the guarded client bean it was built over.
     * @param factory the bean
     */
    static void reachReactiveClientDirectly(Object factory) {
        if (factory instanceof SimpleReactiveMongoDatabaseFactory) {
            reachClientDirectly(factory, SimpleReactiveMongoDatabaseFactory.class, "mongo");
        }
    }

    /**
     * Give the database factory of a template bean about to be guarded as a whole, when that
     * factory is no bean (so not guarded itself), the bare client in place of the guarded client
     * bean it was built over: the template guards every write, and hands its factory out guarded.
     * @param template the bean
     */
    static void reachTemplateClientDirectly(Object template) {
        if (SYNC && template instanceof MongoTemplate sync) {
            Object factory = sync.getMongoDatabaseFactory();
            if (!(factory instanceof GuardedHandle)) {
                reachSyncClientDirectly(factory);
            }
        }
        if (REACTIVE && template instanceof ReactiveMongoTemplate reactive) {
            Object factory = reactive.getMongoDatabaseFactory();
            if (!(factory instanceof GuardedHandle)) {
                reachReactiveClientDirectly(factory);
            }
        }
    }

    private static void reachClientDirectly(Object factory, Class<?> declaring, String name) {
        Field field = ReflectionUtils.findField(declaring, name);
        if (field == null) {
            return;
        }
        ReflectionUtils.makeAccessible(field);
        Object client = ReflectionUtils.getField(field, factory);
        if (client instanceof GuardedHandle) {
            Object bare;
            // a bean being created, not a call of shadow traffic: with lazy initialization the
            // unit of work that first needs the bean may be a shadow one, and the factory is
            // guarded as a whole right after this
            try (ShadowContextHolder.Scope beanCreation = ShadowContextHolder.bind(null)) {
                bare = GuardProxies.targetOf(client);
            }
            if (bare != null && field.getType().isInstance(bare)) {
                ReflectionUtils.setField(field, factory, bare);
            }
        }
    }

    static boolean isTemplate(Object target) {
        return target instanceof MongoOperations || target instanceof ReactiveMongoOperations;
    }

    static boolean isSessionScoped(Object target) {
        return target instanceof SessionScoped || target instanceof ReactiveSessionScoped;
    }

    static boolean isTemplateRead(String name, @Nullable Object[] arguments) {
        if (name.startsWith("get") || name.startsWith("is")) {
            return true;
        }
        if (name.equals("aggregate") || name.equals("aggregateStream")) {
            for (Object argument : arguments) {
                if (argument instanceof Aggregation aggregation) {
                    return !aggregation.getPipeline().isOutOrMerge();
                }
            }
            return !MongoHandleRules.writesThroughPipeline(arguments);
        }
        return TEMPLATE_READS.contains(name);
    }
}
