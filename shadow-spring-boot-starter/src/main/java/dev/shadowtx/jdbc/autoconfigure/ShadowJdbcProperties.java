package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowJdbcMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The JDBC guard and shadow data-store routing.
 */
@ConfigurationProperties("shadow.jdbc")
public class ShadowJdbcProperties {

    /**
     * Whether shadow JDBC connections never commit, even with auto-commit code.
     */
    private boolean guard = true;

    /**
     * Longest wait for a lock in a shadow transaction on the live database, so shadow work
     * yields to live work instead of blocking it. PostgreSQL only; the database's own setting
     * when not set.
     */
    private @Nullable Duration lockTimeout;

    /**
     * Longest statement in a shadow transaction on the live database. PostgreSQL only; the
     * database's own setting when not set.
     */
    private @Nullable Duration statementTimeout;

    /**
     * Procedures that shadow work may call on databases where a called procedure can commit the
     * caller's transaction (all but PostgreSQL), each name or schema.name, case ignored; any other
     * procedure call is refused in shadow.
     */
    private List<String> shadowSafeProcedures = new ArrayList<>();

    public List<String> getShadowSafeProcedures() {
        return this.shadowSafeProcedures;
    }

    public void setShadowSafeProcedures(List<String> shadowSafeProcedures) {
        this.shadowSafeProcedures = shadowSafeProcedures;
    }

    public @Nullable Duration getLockTimeout() {
        return this.lockTimeout;
    }

    public void setLockTimeout(@Nullable Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public @Nullable Duration getStatementTimeout() {
        return this.statementTimeout;
    }

    public void setStatementTimeout(@Nullable Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    /**
     * How the primary data source isolates shadow work: ROLLBACK (on the live store, never
     * committed) or ROUTE (on a separate shadow store, configured under shadow.datasource or
     * declared as a DataSource bean named shadowDataSource).
     */
    private ShadowJdbcMode mode = ShadowJdbcMode.ROLLBACK;

    private final Route route = new Route();

    public boolean isGuard() {
        return this.guard;
    }

    public void setGuard(boolean guard) {
        this.guard = guard;
    }

    public ShadowJdbcMode getMode() {
        return this.mode;
    }

    public void setMode(ShadowJdbcMode mode) {
        this.mode = mode;
    }

    public Route getRoute() {
        return this.route;
    }

    /**
     * Bind {@code shadow.jdbc.*} from the environment. The JDBC guard and the routing are bean
     * post-processors and a condition, which exist before configuration properties beans are
     * bound, so every part of the starter reads these settings through this method.
     * @param environment the environment
     * @return the bound properties
     */
    public static ShadowJdbcProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate("shadow.jdbc", ShadowJdbcProperties.class);
    }

    /**
     * Shadow data-store routing.
     */
    public static class Route {

        /**
         * Whether shadow work routed to a shadow store is rolled back there too, for fully disposable
         * runs. When false, shadow writes commit to the shadow store, so multi-step flows see them.
         */
        private boolean rollback;

        /**
         * Name of the DataSource bean that ROUTE applies to. Default: the application's primary DataSource.
         */
        private @Nullable String dataSource;

        /**
         * Further DataSource beans to route whatever the mode, by bean name, each to the shadow
         * DataSource bean whose name is the value.
         */
        private Map<String, String> dataSources = new LinkedHashMap<>();

        /**
         * Whether startup fails when a shadow store lacks a table of its live store's current schema.
         */
        private boolean checkTables = true;

        /**
         * SQL that must succeed on every shadow store at startup, for example a check that seed data is present.
         */
        private @Nullable String validationQuery;

        /**
         * Whether the application's Flyway migrations also run on the shadow store of the primary data source.
         */
        private boolean migrate = true;

        public boolean isRollback() {
            return this.rollback;
        }

        public void setRollback(boolean rollback) {
            this.rollback = rollback;
        }

        public @Nullable String getDataSource() {
            return this.dataSource;
        }

        public void setDataSource(@Nullable String dataSource) {
            this.dataSource = dataSource;
        }

        public Map<String, String> getDataSources() {
            return this.dataSources;
        }

        public void setDataSources(Map<String, String> dataSources) {
            this.dataSources = dataSources;
        }

        public boolean isCheckTables() {
            return this.checkTables;
        }

        public void setCheckTables(boolean checkTables) {
            this.checkTables = checkTables;
        }

        public @Nullable String getValidationQuery() {
            return this.validationQuery;
        }

        public void setValidationQuery(@Nullable String validationQuery) {
            this.validationQuery = validationQuery;
        }

        public boolean isMigrate() {
            return this.migrate;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }
    }
}
