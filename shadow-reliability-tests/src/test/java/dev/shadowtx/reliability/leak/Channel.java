package dev.shadowtx.reliability.leak;

/**
 * A side-effect channel of the leak matrix, and what a leak on it would leave behind.
 */
enum Channel {
    TRANSACTIONAL(Effect.ROW),
    REQUIRES_NEW(Effect.ROW),
    NESTED(Effect.ROW),
    TRANSACTION_TEMPLATE(Effect.ROW),
    JPA(Effect.ROW),
    JDBC_AUTO_COMMIT(Effect.ROW),
    FEIGN_POST(Effect.CALL),
    FEIGN_NOT_INHERITING_CONTEXT_POST(Effect.CALL),
    ASYNC_FEIGN_POST(Effect.CALL),
    REST_CLIENT_POST(Effect.CALL),
    WEB_CLIENT_POST(Effect.CALL),
    KAFKA_SEND(Effect.RECORD),
    KAFKA_TRANSACTIONAL_SEND(Effect.RECORD),
    KAFKA_INLINE_FACTORY_TEMPLATE_SEND(Effect.RECORD),
    KAFKA_ROUTING_TEMPLATE_SEND(Effect.RECORD),
    KAFKA_PRODUCER_BEAN_SEND(Effect.RECORD),
    LIVE_ONLY_METHOD(Effect.CALL),
    JDK_HTTP_CLIENT_BEAN_POST(Effect.CALL),
    OKHTTP_CLIENT_BEAN_POST(Effect.CALL),
    APACHE_CLIENT_BEAN_POST(Effect.CALL),
    APACHE_ASYNC_CLIENT_BEAN_POST(Effect.CALL),
    JETTY_CLIENT_BEAN_POST(Effect.CALL),
    REACTOR_NETTY_CLIENT_BEAN_POST(Effect.CALL),
    JDK_CLIENT_BEAN_UNDER_WEB_CLIENT_POST(Effect.CALL),
    HAND_BUILT_REST_TEMPLATE_POST(Effect.CALL),
    HAND_BUILT_REST_CLIENT_POST(Effect.CALL),
    HAND_BUILT_WEB_CLIENT_POST(Effect.CALL),
    JDBC_CONNECTION_ESCAPE(Effect.ROW),
    JDBC_TEMPLATE_INLINE_DATA_SOURCE(Effect.ROW),
    NAMED_TEMPLATE_INLINE_DATA_SOURCE(Effect.ROW),
    JDBC_CLIENT_INLINE_DATA_SOURCE(Effect.ROW),
    SQL_COMMIT_STATEMENT(Effect.ROW),
    /**
     * {@code CALL} of a PostgreSQL procedure that inserts and commits inside: live, in auto-commit,
     * the procedure commits; in shadow the guard's transaction around the call makes PostgreSQL
     * refuse the procedure's {@code COMMIT} (SQLSTATE 2D000), and nothing is committed.
     */
    PROCEDURE_CALL_COMMIT(Effect.ROW),
    /**
     * {@code connection.unwrap(PgConnection.class).commit()} after an insert (auto-commit off).
     */
    JDBC_UNWRAP_COMMIT(Effect.ROW),
    CACHE_PUT(Effect.CACHE_ENTRY),
    CACHEABLE_MISS(Effect.CACHE_ENTRY),
    CACHE_EVICT(Effect.CACHE_EVICTION);

    private final Effect effect;

    Channel(Effect effect) {
        this.effect = effect;
    }

    Effect effect() {
        return this.effect;
    }

    /**
     * What a shadow call on this channel answers: {@code blocked} when the guard refuses it with
     * {@code ShadowBlockedException}, {@code refused} when the database refuses to commit inside the
     * guard's transaction, {@code done} when it is performed and undone or rerouted.
     */
    String shadowOutcome() {
        if ((this.effect == Effect.CALL && this != LIVE_ONLY_METHOD)
                || this == SQL_COMMIT_STATEMENT
                || this == JDBC_UNWRAP_COMMIT) {
            return "blocked";
        }
        return (this == PROCEDURE_CALL_COMMIT) ? "refused" : "done";
    }

    /**
     * What the live twin leaves and the shadow cell must not: a committed row in PostgreSQL, a
     * request at the live WireMock server, a record on a live topic, an entry in the shared cache,
     * or an entry seeded in the shared cache removed.
     */
    enum Effect {
        ROW,
        CALL,
        RECORD,
        CACHE_ENTRY,
        CACHE_EVICTION
    }
}
