package dev.shadowtx.mongo;

import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveCollectionCallback;
import org.springframework.data.mongodb.core.ReactiveDatabaseCallback;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.ReactiveSessionCallback;

/**
 * The Reactive Streams driver's part of {@link MongoHandleRules}, loaded only when that driver
 * is present.
 */
final class ReactiveMongo {

    private ReactiveMongo() {}

    /**
     * Return a reactive template's callback so that it receives a guarded database or collection,
     * or a session-scoped callback so that it receives a guarded session-bound template; needs
     * Spring Data MongoDB.
     * @param argument an argument of a template's call
     * @param guard puts the guard on a handle
     * @return the callback over guarded handles, or {@code argument} when it is no callback
     */
    static Object guardCallback(Object argument, UnaryOperator<Object> guard) {
        if (argument instanceof ReactiveDatabaseCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        if (argument instanceof ReactiveCollectionCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        if (argument instanceof ReactiveSessionCallback<?> callback) {
            return onGuarded(callback, guard);
        }
        return argument;
    }

    private static <T> ReactiveDatabaseCallback<T> onGuarded(
            ReactiveDatabaseCallback<T> callback, UnaryOperator<Object> guard) {
        return (database) -> callback.doInDB((MongoDatabase) guard.apply(database));
    }

    private static <T> ReactiveCollectionCallback<T> onGuarded(
            ReactiveCollectionCallback<T> callback, UnaryOperator<Object> guard) {
        return (collection) -> callback.doInCollection(uncheckedCollection(guard.apply(collection)));
    }

    private static <T> ReactiveSessionCallback<T> onGuarded(
            ReactiveSessionCallback<T> callback, UnaryOperator<Object> guard) {
        return (operations) -> callback.doInSession((ReactiveMongoOperations) guard.apply(operations));
    }

    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> uncheckedCollection(Object collection) {
        return (MongoCollection<Document>) collection;
    }
}
