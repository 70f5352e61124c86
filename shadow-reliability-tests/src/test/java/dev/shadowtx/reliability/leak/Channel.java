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
    REST_CLIENT_POST(Effect.CALL),
    WEB_CLIENT_POST(Effect.CALL),
    KAFKA_SEND(Effect.RECORD),
    KAFKA_TRANSACTIONAL_SEND(Effect.RECORD),
    KAFKA_INLINE_FACTORY_TEMPLATE_SEND(Effect.RECORD),
    KAFKA_ROUTING_TEMPLATE_SEND(Effect.RECORD),
    LIVE_ONLY_METHOD(Effect.CALL);

    private final Effect effect;

    Channel(Effect effect) {
        this.effect = effect;
    }

    Effect effect() {
        return this.effect;
    }

    /**
     * What the live twin leaves and the shadow cell must not: a committed row in PostgreSQL, a
     * request at the live WireMock server, or a record on a live topic.
     */
    enum Effect {
        ROW,
        CALL,
        RECORD
    }
}
