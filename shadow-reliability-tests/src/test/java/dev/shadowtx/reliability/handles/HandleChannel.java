package dev.shadowtx.reliability.handles;

/**
 * A channel of the handle leak matrix: a write to a store that has no transaction, made through
 * a client bean or through a handle an accessor returned, imperative or reactive (a reactive write
 * is subscribed where it is made), and the local socket it would reach. Two reach the store in a
 * way of their own: a MongoDB insert in a {@code MongoTransactionManager} transaction, and a
 * reactive Redis write through a template the leak audit lists uncovered (so only its monitor
 * stands in the way), assembled on a live thread and subscribed where the request's work runs.
 */
enum HandleChannel {
    MONGO_TEMPLATE_INSERT(Store.MONGO),
    MONGO_COLLECTION_FROM_TEMPLATE_INSERT(Store.MONGO),
    MONGO_DATABASE_FROM_CLIENT_INSERT(Store.MONGO),
    MONGO_REACTIVE_TEMPLATE_INSERT(Store.MONGO),
    MONGO_REACTIVE_COLLECTION_FROM_CLIENT_INSERT(Store.MONGO),
    MONGO_SESSION_SCOPED_INSERT(Store.MONGO),
    MONGO_REACTIVE_SESSION_SCOPED_INSERT(Store.MONGO),
    MONGO_TRANSACTIONAL_INSERT(Store.MONGO),
    REDIS_TEMPLATE_SET(Store.REDIS),
    REDIS_CONNECTION_FROM_FACTORY_SET(Store.REDIS),
    REDIS_REACTIVE_TEMPLATE_SET(Store.REDIS),
    REDIS_REACTIVE_CONNECTION_FROM_FACTORY_SET(Store.REDIS),
    REDIS_REACTIVE_OWN_TEMPLATE_CLASS_SET(Store.REDIS),
    REDIS_REACTIVE_UNCOVERED_ASSEMBLED_LIVE_SET(Store.REDIS),
    SQS_SEND(Store.AWS),
    SQS_SET_QUEUE_ATTRIBUTES(Store.AWS),
    SNS_PUBLISH(Store.AWS),
    SNS_SET_TOPIC_ATTRIBUTES(Store.AWS),
    SFN_GET_ACTIVITY_TASK(Store.AWS);

    private final Store store;

    HandleChannel(Store store) {
        this.store = store;
    }

    Store store() {
        return this.store;
    }

    /**
     * The local socket standing for the live store.
     */
    enum Store {
        MONGO,
        REDIS,
        AWS
    }
}
