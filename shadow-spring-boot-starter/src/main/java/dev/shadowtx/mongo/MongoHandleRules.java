package dev.shadowtx.mongo;

import dev.shadowtx.handles.HandleRules;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * What MongoDB handles may do in shadow, one rule set for the synchronous and the Reactive
 * Streams driver. On the driver ({@code MongoClient}, {@code MongoCluster},
 * {@code MongoDatabase}, {@code MongoCollection}, of either package) and on Spring Data's
 * {@code MongoDatabaseFactory} and {@code ReactiveMongoDatabaseFactory}: queries, counts,
 * listings, change streams, sessions and the accessors that hand out databases and collections,
 * which are guarded in turn. On a {@code MongoOperations} ({@code MongoTemplate}) or a
 * {@code ReactiveMongoOperations} ({@code ReactiveMongoTemplate}): see {@link SpringDataMongo}. The
 * session-scoped objects a template's {@code withSession} hands out ({@code SessionScoped},
 * {@code ReactiveSessionScoped}) run their {@code execute} callback with a guarded session-bound
 * template, so that a write in the callback is refused like any other (a reactive one when its
 * publisher is subscribed in shadow, from the subscriber's Reactor context).
 * An aggregation that ends in {@code $out} or {@code $merge} writes and is blocked; so are
 * {@code runCommand}, index administration, bulk writes and every method not known as a read.
 * A reactive write is refused when its publisher is subscribed in shadow (see
 * {@link dev.shadowtx.handles.GuardedHandles}). Each driver is optional: the rules touch only
 * the types of the drivers present.
 */
public final class MongoHandleRules implements HandleRules {

    private static final boolean SYNC =
            ClassUtils.isPresent("com.mongodb.client.MongoClient", MongoHandleRules.class.getClassLoader());

    private static final boolean REACTIVE = ClassUtils.isPresent(
            "com.mongodb.reactivestreams.client.MongoClient", MongoHandleRules.class.getClassLoader());

    private static final boolean SPRING_DATA = ClassUtils.isPresent(
            "org.springframework.data.mongodb.core.MongoOperations", MongoHandleRules.class.getClassLoader());

    private static final Set<String> DRIVER_READS = Set.of(
            "find",
            "countDocuments",
            "estimatedDocumentCount",
            "distinct",
            "watch",
            "listIndexes",
            "listSearchIndexes",
            "listCollections",
            "listCollectionNames",
            "listDatabases",
            "listDatabaseNames",
            "startSession");

    private static final Set<String> PIPELINE_WRITES = Set.of("$out", "$merge");

    /**
     * The handle types of the drivers and of Spring Data present, loaded by name so that neither
     * driver is needed.
     */
    private static final List<Class<?>> HANDLES = Stream.of(
                    "com.mongodb.client.MongoClient",
                    "com.mongodb.client.MongoCluster",
                    "com.mongodb.client.MongoDatabase",
                    "com.mongodb.client.MongoCollection",
                    "com.mongodb.reactivestreams.client.MongoClient",
                    "com.mongodb.reactivestreams.client.MongoCluster",
                    "com.mongodb.reactivestreams.client.MongoDatabase",
                    "com.mongodb.reactivestreams.client.MongoCollection",
                    "org.springframework.data.mongodb.MongoDatabaseFactory",
                    "org.springframework.data.mongodb.ReactiveMongoDatabaseFactory",
                    "org.springframework.data.mongodb.core.MongoOperations",
                    "org.springframework.data.mongodb.core.ReactiveMongoOperations",
                    "org.springframework.data.mongodb.core.SessionScoped",
                    "org.springframework.data.mongodb.core.ReactiveSessionScoped")
            .filter((name) -> ClassUtils.isPresent(name, MongoHandleRules.class.getClassLoader()))
            .<Class<?>>map((name) -> ClassUtils.resolveClassName(name, MongoHandleRules.class.getClassLoader()))
            .toList();

    @Override
    public String channel() {
        return "mongo";
    }

    @Override
    public boolean isHandle(Object value) {
        for (Class<?> type : HANDLES) {
            if (type.isInstance(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isRead(Object target, Method method, @Nullable Object[] arguments) {
        String name = method.getName();
        if (SPRING_DATA && SpringDataMongo.isTemplate(target)) {
            return SpringDataMongo.isTemplateRead(name, arguments);
        }
        if (SPRING_DATA && SpringDataMongo.isSessionScoped(target)) {
            return name.equals("execute");
        }
        if (name.startsWith("get") || name.startsWith("is") || name.startsWith("with")) {
            return true;
        }
        if (name.equals("aggregate")) {
            return !writesThroughPipeline(arguments);
        }
        return DRIVER_READS.contains(name);
    }

    static boolean writesThroughPipeline(@Nullable Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof List<?> stages) {
                for (Object stage : stages) {
                    if (!(stage instanceof Bson bson) || writes(bson)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean writes(Bson stage) {
        try {
            BsonDocument document = stage.toBsonDocument();
            return document.keySet().stream().anyMatch(PIPELINE_WRITES::contains);
        } catch (RuntimeException ex) {
            // a stage that cannot be read is treated as a write: in doubt, the shadow side
            return true;
        }
    }

    /**
     * A Spring Data database factory over a client bean holds that bean guarded: it is given the
     * client itself, since the factory bean is guarded as a whole and guards every database it
     * hands out. Otherwise the session-bound databases of a MongoDB transaction would get their
     * collections from a guarded database, which Spring Data does not bind to the session (it
     * leaves JDK proxies as they are), and every command of a transaction would run outside it,
     * live ones included. A template bean over a factory that is no bean, guarded as a whole too,
     * has that factory given the client itself for the same reason.
     */
    @Override
    public void beforeGuard(Object bean) {
        if (SPRING_DATA) {
            SpringDataMongo.reachTemplateClientDirectly(bean);
        }
        if (SPRING_DATA && SYNC) {
            SpringDataMongo.reachSyncClientDirectly(bean);
        }
        if (SPRING_DATA && REACTIVE) {
            SpringDataMongo.reachReactiveClientDirectly(bean);
        }
    }

    @Override
    public void guardArguments(Method method, @Nullable Object[] arguments, UnaryOperator<Object> guard) {
        if (!SPRING_DATA) {
            return;
        }
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            if (argument != null && SYNC) {
                argument = SyncMongo.guardCallback(argument, guard);
            }
            if (argument != null && REACTIVE) {
                argument = ReactiveMongo.guardCallback(argument, guard);
            }
            arguments[i] = argument;
        }
    }
}
