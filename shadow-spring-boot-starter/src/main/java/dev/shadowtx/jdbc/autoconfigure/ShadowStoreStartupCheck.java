package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowRoutingPostProcessor;
import dev.shadowtx.core.routing.ShadowStoreException;
import dev.shadowtx.core.routing.ShadowStoreRouting;
import dev.shadowtx.core.routing.ShadowStoreVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Prepares the shadow stores ({@link ShadowStorePreparation}) and checks every route once all
 * singletons (and so the live store's migrations) are ready, before the web server or any
 * listener takes traffic: a shadow store that is unreachable, of another kind or
 * without the schema stops the application, naming the property to fix.
 */
final class ShadowStoreStartupCheck implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(ShadowStoreStartupCheck.class);

    private final ShadowRoutingPostProcessor routing;

    private final ShadowJdbcProperties jdbc;

    private final @Nullable String shadowUrl;

    private final ObjectProvider<ShadowStorePreparation> preparations;

    ShadowStoreStartupCheck(
            ShadowRoutingPostProcessor routing,
            ShadowJdbcProperties jdbc,
            @Nullable String shadowUrl,
            ObjectProvider<ShadowStorePreparation> preparations) {
        this.routing = routing;
        this.jdbc = jdbc;
        this.shadowUrl = shadowUrl;
        this.preparations = preparations;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.preparations.orderedStream().forEach(ShadowStorePreparation::prepare);
        ShadowStoreRouting checked;
        try {
            checked = this.routing.check(new ShadowStoreVerifier(
                    this.jdbc.getRoute().isCheckTables(), this.jdbc.getRoute().getValidationQuery()));
        } catch (ShadowStoreException ex) {
            throw ShadowStoreFailures.translate(ex, this.jdbc, this.shadowUrl);
        }
        for (ShadowStoreRouting.Route route : checked.routes()) {
            logger.info("Shadow data-store routing: data source '" + route.dataSource() + "' (" + route.liveUrl()
                    + ") serves shadow work from '" + route.shadowDataSource() + "' (" + route.shadowUrl() + ", "
                    + route.databaseProduct() + "); shadow writes "
                    + (route.rollback() ? "are rolled back there too" : "commit there"));
        }
    }
}
