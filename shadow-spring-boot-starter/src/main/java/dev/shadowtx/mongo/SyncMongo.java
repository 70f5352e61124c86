package dev.shadowtx.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.springframework.data.mongodb.core.CollectionCallback;
import org.springframework.data.mongodb.core.DbCallback;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.SessionCallback;

/**
 * The synchronous driver's part of {@link MongoHandleRules}, loaded only when that driver is
 * present.
 */
final class SyncMongo {

    private SyncMongo() {}

    /**
     * Return a template's callback so that it receives a guarded database or collection, or a
     * session-scoped callback so that it receives a guarded session-bound template; needs Spring
     * Data MongoDB.
     * @param argument an argument of a template's call
     * @param guard puts the guard on a handle
     * @return the callback over guarded handles, or {@code argument} when it is no callback
     */
    static Object guardCallback(Object argument, UnaryOperator<Object> guard) {
        if (argument instanceof DbCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        if (argument instanceof CollectionCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        if (argument instanceof SessionCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        return argument;
    }

    private static <T> DbCallback<T> onGuarded(DbCallback<T> callback, UnaryOperator<Object> guard) {
        return (database) -> callback.doInDB((MongoDatabase) guard.apply(database));
    }

    private static <T> CollectionCallback<T> onGuarded(CollectionCallback<T> callback, UnaryOperator<Object> guard) {
        return (collection) -> callback.doInCollection(uncheckedCollection(guard.apply(collection)));
    }

    private static <T> SessionCallback<T> onGuarded(SessionCallback<T> callback, UnaryOperator<Object> guard) {
        return (operations) -> callback.doInSession((MongoOperations) guard.apply(operations));
    }

    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> uncheckedCollection(Object collection) {
        return (MongoCollection<Document>) collection;
    }
}
