package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowStoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Names the property to fix for each way a shadow store can be unfit, so that a failed startup
 * says what to change rather than only what went wrong.
 */
final class ShadowStoreFailures {

    static final String URL_PROPERTY = "shadow.datasource.url";

    private ShadowStoreFailures() {}

    static InvalidConfigurationPropertyValueException translate(
            ShadowStoreException ex, ShadowJdbcProperties jdbc, @Nullable String shadowUrl) {
        ShadowJdbcProperties.Route route = jdbc.getRoute();
        String routeProperty = "shadow.jdbc.route.data-sources." + ex.dataSource();
        boolean additional = route.getDataSources().containsKey(ex.dataSource());
        String storeProperty = additional ? routeProperty : (shadowUrl != null) ? URL_PROPERTY : "shadow.jdbc.mode";
        Object storeValue =
                additional ? route.getDataSources().get(ex.dataSource()) : (shadowUrl != null) ? shadowUrl : "ROUTE";
        String reason = ex.getMessage();
        return switch (ex.problem()) {
            case NO_LIVE_DATA_SOURCE ->
                new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.route.data-source",
                        route.getDataSource(),
                        reason + ". Name the DataSource bean to route with shadow.jdbc.route.data-source.");
            case NO_SHADOW_STORE ->
                additional
                        ? new InvalidConfigurationPropertyValueException(routeProperty, storeValue, reason)
                        : new InvalidConfigurationPropertyValueException(
                                URL_PROPERTY,
                                null,
                                "shadow.jdbc.mode=ROUTE needs "
                                        + "a shadow store: set shadow.datasource.url (with username, password and "
                                        + "shadow.datasource.hikari.* as for spring.datasource), or declare a DataSource bean named "
                                        + "'shadowDataSource' with @Bean(defaultCandidate = false)");
            case NOT_ROUTED ->
                additional
                        ? new InvalidConfigurationPropertyValueException(routeProperty, storeValue, reason)
                        : new InvalidConfigurationPropertyValueException("shadow.jdbc.mode", "ROUTE", reason);
            case UNREACHABLE, DIFFERENT_KIND ->
                new InvalidConfigurationPropertyValueException(storeProperty, storeValue, reason);
            case MISSING_TABLES ->
                new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.route.check-tables",
                        true,
                        reason + " With Flyway this happens by itself (shadow.jdbc.route.migrate=true); otherwise see "
                                + "docs/data-isolation.md, or set shadow.jdbc.route.check-tables=false.");
            case VALIDATION_QUERY_FAILED ->
                new InvalidConfigurationPropertyValueException(
                        "shadow.jdbc.route.validation-query", route.getValidationQuery(), reason);
        };
    }
}
