package dev.shadowtx.core.metrics;

/**
 * Every meter shadowtx registers, with its tags. Tag values are bounded: modes, marker sources,
 * rejection reasons, channels and actions are small enums; destinations are never tags.
 */
public enum ShadowMeter {

    /**
     * Shadow units of work accepted and bound. Tags: {@code mode} ({@code shadow}, {@code synthetic}),
     * {@code source} ({@code host-suffix}, {@code header}, {@code baggage}, {@code message}, {@code programmatic}).
     */
    REQUESTS("shadow.requests", "Shadow units of work accepted and bound", "requests"),

    /**
     * Marked requests refused by the trust policy (403). Tag: {@code reason} ({@code untrusted-peer},
     * {@code missing-signature}, {@code bad-signature}, {@code expired-signature}).
     */
    MARKERS_REJECTED("shadow.markers.rejected", "Marked requests refused by the trust policy", "requests"),

    /**
     * Marker values present but not understood, isolated as shadow. Tag: {@code source}.
     */
    MARKERS_MALFORMED("shadow.markers.malformed", "Marker values not understood and isolated as shadow", "markers"),

    /**
     * Transactions begun in shadow whose commit the transaction guard turned into a rollback. Tag: {@code mode}.
     */
    TRANSACTIONS_ROLLED_BACK(
            "shadow.transactions.rolled-back", "Shadow transactions whose commit became a rollback", "transactions"),

    /**
     * Transactions begun in shadow that were committed because a commit policy proved them
     * shadow-safe (a Kafka transaction whose records all went through the producer guard). Tag: {@code mode}.
     */
    TRANSACTIONS_COMMITTED(
            "shadow.transactions.committed",
            "Shadow transactions committed because they touched only shadow destinations",
            "transactions"),

    /**
     * JDBC commits (explicit, or implied by auto-commit or close) the JDBC guard turned into
     * rollbacks. Tag: {@code mode}.
     */
    JDBC_COMMITS_PREVENTED("shadow.jdbc.commits.prevented", "JDBC commits turned into rollbacks in shadow", "commits"),

    /**
     * R2DBC commits (explicit, or implied by {@code setAutoCommit(true)}) the R2DBC guard turned
     * into rollbacks. Tag: {@code mode}.
     */
    R2DBC_COMMITS_PREVENTED(
            "shadow.r2dbc.commits.prevented", "R2DBC commits turned into rollbacks in shadow", "commits"),

    /**
     * Outbound effects decided in shadow. Tags: {@code channel} ({@code http}, {@code feign},
     * {@code kafka}, {@code method}), {@code action} ({@code propagate}, {@code reroute},
     * {@code block}, {@code stub}, {@code drop}).
     */
    OUTBOUND("shadow.outbound", "Outbound effects decided in shadow", "calls"),

    /**
     * Connections borrowed in shadow, by the store that served them. Tags: {@code mode},
     * {@code data-source} (the bean name the application asked), {@code store} ({@code live}: under
     * the rollback guard, {@code shadow}: the shadow store of a routed data source).
     */
    JDBC_CONNECTIONS(
            "shadow.jdbc.connections", "Connections borrowed in shadow, by the store that served them", "connections"),

    /**
     * Shadow requests refused with 503 because {@code shadow.protection.max-concurrent} shadow
     * requests were already running. Tag: {@code mode}.
     */
    REQUESTS_SHED(
            "shadow.requests.shed",
            "Shadow requests refused before they ran: shadow bulkhead full or shadow rate limit reached",
            "requests"),

    /**
     * Consumed shadow records ignored by listeners that are not shadow-aware. Tags: {@code channel}
     * ({@code kafka}), {@code mode}.
     */
    RECORDS_SKIPPED(
            "shadow.records.skipped", "Shadow records ignored by listeners that are not shadow-aware", "records"),

    /**
     * Calls that reached a side-effect channel no guard covers, in shadow (see the leak audit).
     * Tags: {@code channel} ({@code mail}, {@code amqp}, {@code jms}, {@code redis}, {@code mongo},
     * {@code http}, {@code http-client}, ...), {@code mode}. The bean name is in the decision log only.
     */
    UNCOVERED_CHANNEL_CALLS(
            "shadow.audit.uncovered.calls",
            "Calls that reached a side-effect channel no guard covers, in shadow",
            "calls");

    private final String meterName;

    private final String description;

    private final String baseUnit;

    ShadowMeter(String meterName, String description, String baseUnit) {
        this.meterName = meterName;
        this.description = description;
        this.baseUnit = baseUnit;
    }

    /**
     * Return the meter name.
     * @return the lowercase, dot-separated name
     */
    public String meterName() {
        return this.meterName;
    }

    /**
     * Return the meter description.
     * @return one sentence
     */
    public String description() {
        return this.description;
    }

    /**
     * Return the meter's base unit.
     * @return the unit
     */
    public String baseUnit() {
        return this.baseUnit;
    }
}
