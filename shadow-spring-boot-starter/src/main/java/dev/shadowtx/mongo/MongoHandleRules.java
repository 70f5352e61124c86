package dev.shadowtx.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCluster;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.shadowtx.handles.HandleRules;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * What MongoDB handles may do in shadow. On the driver ({@code MongoClient}, {@code MongoCluster},
 * {@code MongoDatabase}, {@code MongoCollection}) and on Spring Data's
 * {@code MongoDatabaseFactory}: queries, counts, listings, change streams, sessions and the
 * accessors that hand out databases and collections, which are guarded in turn. On a
 * {@code MongoOperations} ({@code MongoTemplate}): see {@link SpringDataMongo}. An aggregation
 * that ends in {@code $out} or {@code $merge} writes and is blocked; so are {@code runCommand},
 * index administration, bulk writes and every method not known as a read.
 */
public final class MongoHandleRules implements HandleRules {

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

    @Override
    public String channel() {
        return "mongo";
    }

    @Override
    public boolean isHandle(Object value) {
        return value instanceof MongoClient
                || value instanceof MongoCluster
                || value instanceof MongoDatabase
                || value instanceof MongoCollection<?>
                || (SPRING_DATA && SpringDataMongo.isHandle(value));
    }

    @Override
    public boolean isRead(Object target, Method method, @Nullable Object[] arguments) {
        String name = method.getName();
        if (SPRING_DATA && SpringDataMongo.isTemplate(target)) {
            return SpringDataMongo.isTemplateRead(name, arguments);
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

    @Override
    public void guardArguments(Method method, @Nullable Object[] arguments, UnaryOperator<Object> guard) {
        if (SPRING_DATA) {
            SpringDataMongo.guardCallbacks(arguments, guard);
        }
    }
}
