package dev.shadowtx.core.routing;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One routing rule as configured: which live data source bean is routed, which bean is its shadow
 * store, and whether shadow work is rolled back on the shadow store too.
 *
 * @param dataSource name of the live {@code DataSource} bean, or {@code null} for the
 * application's primary one
 * @param shadowDataSource name of the {@code DataSource} bean that serves shadow connections
 * @param rollback whether shadow work is rolled back on the shadow store as well (fully disposable
 * runs); when {@code false} shadow writes commit there, which multi-step flows need
 */
public record ShadowRoute(@Nullable String dataSource, String shadowDataSource, boolean rollback) {

    /**
     * Bean name of the shadow store of the primary data source, by convention.
     */
    public static final String SHADOW_DATA_SOURCE_BEAN_NAME = "shadowDataSource";

    public ShadowRoute {
        Objects.requireNonNull(shadowDataSource, "shadowDataSource must not be null");
        if (shadowDataSource.equals(dataSource)) {
            throw new IllegalArgumentException("A data source cannot be its own shadow store: " + dataSource);
        }
    }

    /**
     * Route the application's primary data source to the {@value #SHADOW_DATA_SOURCE_BEAN_NAME} bean.
     * @param rollback whether shadow work is rolled back on the shadow store as well
     * @return the route
     */
    public static ShadowRoute primary(boolean rollback) {
        return new ShadowRoute(null, SHADOW_DATA_SOURCE_BEAN_NAME, rollback);
    }
}
