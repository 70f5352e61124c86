package dev.shadowtx.core.routing;

/**
 * How a data source isolates the work of shadow units of work. Rollback is enough for one
 * request; a flow that spans several requests (create, then read, then pay) needs its writes to
 * survive between them, which only a separate store can give without touching the live one.
 */
public enum ShadowJdbcMode {

    /**
     * Shadow work runs on the live store and never commits there (the transaction and JDBC guards).
     */
    ROLLBACK,

    /**
     * Shadow work runs on a separate shadow store; the live store never sees it.
     */
    ROUTE
}
