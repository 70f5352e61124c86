package dev.shadowtx.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.CollectionCallback;
import org.springframework.data.mongodb.core.DbCallback;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.aggregation.Aggregation;

/**
 * The Spring Data part of {@link MongoHandleRules}, loaded only when Spring Data MongoDB is
 * present. A {@code MongoOperations} may run in shadow its {@code find}, {@code count},
 * {@code exists}, {@code query}, {@code stream}, {@code scroll} and {@code geoNear} methods, its
 * accessors ({@code getCollection} and {@code getDb} hand out guarded handles), aggregations that
 * write nothing, and {@code execute}, whose callback receives a guarded database or collection.
 * Everything else is blocked: {@code insert}, {@code save}, {@code update*}, {@code upsert},
 * {@code remove}, {@code findAndModify} and its siblings, {@code bulkOps}, {@code indexOps},
 * {@code executeCommand}, collection administration, and {@code withSession}, whose
 * session-bound template would reach the database past the guard.
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
            "geoNear",
            "execute",
            "executeQuery");

    private SpringDataMongo() {}

    static boolean isHandle(Object value) {
        return value instanceof MongoDatabaseFactory || value instanceof MongoOperations;
    }

    static boolean isTemplate(Object target) {
        return target instanceof MongoOperations;
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

    static void guardCallbacks(@Nullable Object[] arguments, UnaryOperator<Object> guard) {
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            if (argument instanceof DbCallback<?> callback) {
                arguments[i] = (DbCallback<?>) (database) -> callback.doInDB((MongoDatabase) guard.apply(database));
            } else if (argument instanceof CollectionCallback<?> callback) {
                arguments[i] = (CollectionCallback<?>)
                        (collection) -> callback.doInCollection(uncheckedCollection(guard.apply(collection)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> uncheckedCollection(Object collection) {
        return (MongoCollection<Document>) collection;
    }
}
