package dev.shadowtx.core.routing;

import org.jspecify.annotations.Nullable;

/**
 * Why a routed data source cannot serve shadow traffic safely. Raised at startup, so that a
 * misconfigured shadow store stops the application instead of failing (or worse, falling back to
 * the live store) on the first shadow request. {@link #problem()} lets an integration name the
 * setting to fix.
 */
public class ShadowStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Problem problem;

    private final String dataSource;

    /**
     * Create an exception.
     * @param problem what is wrong
     * @param dataSource the bean name of the routed (live) data source, or of the route's target
     * when it could not be determined
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure, if any
     */
    public ShadowStoreException(Problem problem, String dataSource, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.dataSource = dataSource;
    }

    /**
     * Return what is wrong.
     * @return the problem
     */
    public Problem problem() {
        return this.problem;
    }

    /**
     * Return the bean name of the routed data source concerned.
     * @return the name
     */
    public String dataSource() {
        return this.dataSource;
    }

    /**
     * What can be wrong with a route.
     */
    public enum Problem {

        /**
         * No live data source to route: none exists, or several exist and none is primary.
         */
        NO_LIVE_DATA_SOURCE,

        /**
         * The shadow store bean does not exist.
         */
        NO_SHADOW_STORE,

        /**
         * The live data source exists but was not routed (created before the post-processor ran).
         */
        NOT_ROUTED,

        /**
         * No connection could be borrowed from the shadow store.
         */
        UNREACHABLE,

        /**
         * The two stores are different database products.
         */
        DIFFERENT_KIND,

        /**
         * The shadow store lacks tables that the live store has.
         */
        MISSING_TABLES,

        /**
         * The configured validation query failed on the shadow store.
         */
        VALIDATION_QUERY_FAILED
    }
}
