package dev.shadowtx.core.routing;

import dev.shadowtx.core.tx.SeparateShadowStore;
import javax.sql.DataSource;
import org.springframework.aop.RawTargetAccess;

/**
 * Implemented by every data source that {@link ShadowRoutingDataSource} routes, so that the
 * transaction guard, the startup checks and the actuator can tell a routed data source from a
 * guarded one and reach both of its stores. (It extends {@link RawTargetAccess} so that
 * {@link #liveStore()} returns the live store itself, not the routing proxy around it.)
 */
public interface RoutedDataSource extends RawTargetAccess, SeparateShadowStore {

    /**
     * Return the bean name of the routed data source.
     * @return the name, also used as the {@code data-source} meter tag
     */
    String dataSourceName();

    /**
     * Return the bean name of the shadow store.
     * @return the name
     */
    String shadowDataSourceName();

    /**
     * Return the live store, which serves every live connection.
     * @return the live data source, unwrapped
     */
    DataSource liveStore();

    /**
     * Return what serves shadow connections: the shadow store, guarded when
     * {@link #rollsBackInShadow()}.
     * @return the shadow data source
     */
    DataSource shadowStore();

    /**
     * Whether shadow work is rolled back on the shadow store as well.
     * @return {@code false} when shadow writes commit to the shadow store
     */
    boolean rollsBackInShadow();

    /**
     * Whether shadow work committed through the routed data source is kept in its shadow store.
     * @return {@code true} unless {@link #rollsBackInShadow()}
     */
    @Override
    default boolean commitsShadowWork() {
        return !rollsBackInShadow();
    }
}
