package dev.shadowtx.core.routing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Describes the routing of the application: which data sources are routed, to which shadow
 * store, with or without rollback, and what the startup check found. Every data source not listed
 * isolates shadow work by rollback. Read by the actuator endpoint and by operators in logs; holds
 * no credentials (URLs are stripped of their parameters and user information).
 */
public final class ShadowStoreRouting {

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /**
     * Return the routes applied so far, by data source name.
     * @return an immutable snapshot
     */
    public List<Route> routes() {
        return this.routes.values().stream()
                .sorted((a, b) -> a.dataSource().compareTo(b.dataSource()))
                .toList();
    }

    /**
     * Return the mode of a data source.
     * @param dataSource the bean name of a data source
     * @return {@link ShadowJdbcMode#ROUTE} when it is routed, {@link ShadowJdbcMode#ROLLBACK} otherwise
     */
    public ShadowJdbcMode mode(String dataSource) {
        return this.routes.containsKey(dataSource) ? ShadowJdbcMode.ROUTE : ShadowJdbcMode.ROLLBACK;
    }

    /**
     * Return the route of a data source.
     * @param dataSource the bean name of a data source
     * @return the route, or {@code null} when the data source is not routed
     */
    public @Nullable Route route(String dataSource) {
        return this.routes.get(dataSource);
    }

    void put(Route route) {
        this.routes.put(route.dataSource(), route);
    }

    @Override
    public String toString() {
        return "ShadowStoreRouting" + routes();
    }

    /**
     * One routed data source.
     *
     * @param dataSource bean name of the routed (live) data source
     * @param shadowDataSource bean name of its shadow store
     * @param rollback whether shadow work is rolled back on the shadow store too
     * @param databaseProduct database product of both stores, once checked at startup
     * @param liveUrl JDBC URL of the live store without parameters, once checked at startup
     * @param shadowUrl JDBC URL of the shadow store without parameters, once checked at startup
     */
    public record Route(
            String dataSource,
            String shadowDataSource,
            boolean rollback,
            @Nullable String databaseProduct,
            @Nullable String liveUrl,
            @Nullable String shadowUrl) {

        /**
         * Whether the startup check has run on this route.
         * @return {@code true} once both stores were reached and compared
         */
        public boolean verified() {
            return this.databaseProduct != null;
        }
    }
}
