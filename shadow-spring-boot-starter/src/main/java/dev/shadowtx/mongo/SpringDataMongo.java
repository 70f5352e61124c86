package dev.shadowtx.mongo;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.ReactiveSessionScoped;
import org.springframework.data.mongodb.core.SessionScoped;
import org.springframework.data.mongodb.core.aggregation.Aggregation;

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

    private SpringDataMongo() {}

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
