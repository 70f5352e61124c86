package dev.shadowtx.autoconfigure;

import dev.shadowtx.core.marker.TrustMode;
import dev.shadowtx.core.routing.ShadowJdbcMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of shadowtx. Every default is the safe one.
 */
@ConfigurationProperties("shadow")
public class ShadowProperties {

    /**
     * Whether shadow traffic handling is enabled. When false, no shadow bean and no filter is registered.
     */
    private boolean enabled = true;

    private final Detection detection = new Detection();

    private final Trust trust = new Trust();

    private final Transactions transactions = new Transactions();

    private final Jdbc jdbc = new Jdbc();

    private final R2dbc r2dbc = new R2dbc();

    private final Protection protection = new Protection();

    private final Decisions decisions = new Decisions();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Detection getDetection() {
        return this.detection;
    }

    public Trust getTrust() {
        return this.trust;
    }

    public Transactions getTransactions() {
        return this.transactions;
    }

    public Jdbc getJdbc() {
        return this.jdbc;
    }

    public R2dbc getR2dbc() {
        return this.r2dbc;
    }

    public Protection getProtection() {
        return this.protection;
    }

    public Decisions getDecisions() {
        return this.decisions;
    }

    /**
     * Protection of live traffic from shadow traffic.
     */
    public static class Protection {

        /**
         * Maximum number of shadow requests served at once; more are refused at once with 503.
         * Live requests are never refused or queued by it. Unlimited when not set.
         */
        private @Nullable Integer maxConcurrent;

        public @Nullable Integer getMaxConcurrent() {
            return this.maxConcurrent;
        }

        public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        /**
         * Maximum number of shadow requests admitted per second, on average; more are refused at
         * once with 503 and a Retry-After header. Live requests are never refused or delayed by
         * it. Unlimited when not set.
         */
        private @Nullable Double maxRate;

        /**
         * Number of shadow requests admitted at once after a quiet period, when max-rate is set.
         * One second's worth of max-rate (at least 1) when not set.
         */
        private @Nullable Integer burst;

        public @Nullable Double getMaxRate() {
            return this.maxRate;
        }

        public void setMaxRate(@Nullable Double maxRate) {
            this.maxRate = maxRate;
        }

        public @Nullable Integer getBurst() {
            return this.burst;
        }

        public void setBurst(@Nullable Integer burst) {
            this.burst = burst;
        }
    }

    /**
     * The log of recent guard decisions shown by the shadow actuator endpoint.
     */
    public static class Decisions {

        /**
         * Number of recent decisions kept for the shadow actuator endpoint.
         */
        private int capacity = 100;

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }

    /**
     * How inbound shadow markers are recognised.
     */
    public static class Detection {

        /**
         * Whether to read the Envoy "-shadow" suffix on the Host / :authority header.
         */
        private boolean hostSuffix = true;

        /**
         * Name of the inbound and outbound marker header.
         */
        private String header = "X-Shadow";

        /**
         * Key of the W3C baggage entry that carries the marker. Empty disables baggage detection.
         */
        private String baggageKey = "shadow";

        public boolean isHostSuffix() {
            return this.hostSuffix;
        }

        public void setHostSuffix(boolean hostSuffix) {
            this.hostSuffix = hostSuffix;
        }

        public String getHeader() {
            return this.header;
        }

        public void setHeader(String header) {
            this.header = header;
        }

        public String getBaggageKey() {
            return this.baggageKey;
        }

        public void setBaggageKey(String baggageKey) {
            this.baggageKey = baggageKey;
        }
    }

    /**
     * Who may mark traffic as shadow.
     */
    public static class Trust {

        /**
         * Which senders may mark traffic: ANY, TRUSTED_PROXIES or SIGNED. An untrusted marker is
         * answered with 403, never treated as live.
         */
        private TrustMode mode = TrustMode.ANY;

        /**
         * CIDR ranges (IPv4 or IPv6) whose TCP peers may mark traffic, for TRUSTED_PROXIES.
         */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * HMAC-SHA256 key, at least 32 bytes, for SIGNED. Required in that mode.
         */
        private @Nullable String secret;

        /**
         * Oldest signed-marker timestamp accepted, for SIGNED; at most 5 minutes.
         */
        private Duration maxClockSkew = Duration.ofSeconds(30);

        /**
         * Name of the header that carries the marker signature, for SIGNED.
         */
        private String signatureHeader = "X-Shadow-Signature";

        /**
         * How far ahead of this service's clock a signed timestamp may be, for SIGNED; at most
         * max-clock-skew.
         */
        private Duration maxFutureSkew = Duration.ofSeconds(5);

        /**
         * Most signatures remembered at once to refuse their replay, for SIGNED; a new signature
         * is refused while the cache is full of signatures still valid.
         */
        private int replayCacheSize = 100_000;

        /**
         * Whether signatures in the legacy format (mode and time only, not bound to the request)
         * are accepted, for SIGNED.
         */
        private boolean acceptLegacySignatures;

        public Duration getMaxFutureSkew() {
            return this.maxFutureSkew;
        }

        public void setMaxFutureSkew(Duration maxFutureSkew) {
            this.maxFutureSkew = maxFutureSkew;
        }

        public int getReplayCacheSize() {
            return this.replayCacheSize;
        }

        public void setReplayCacheSize(int replayCacheSize) {
            this.replayCacheSize = replayCacheSize;
        }

        public boolean isAcceptLegacySignatures() {
            return this.acceptLegacySignatures;
        }

        public void setAcceptLegacySignatures(boolean acceptLegacySignatures) {
            this.acceptLegacySignatures = acceptLegacySignatures;
        }

        public TrustMode getMode() {
            return this.mode;
        }

        public void setMode(TrustMode mode) {
            this.mode = mode;
        }

        public List<String> getTrustedProxies() {
            return this.trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public @Nullable String getSecret() {
            return this.secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public Duration getMaxClockSkew() {
            return this.maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }

        public String getSignatureHeader() {
            return this.signatureHeader;
        }

        public void setSignatureHeader(String signatureHeader) {
            this.signatureHeader = signatureHeader;
        }
    }

    /**
     * The transaction guard.
     */
    public static class Transactions {

        /**
         * Whether outermost commits in shadow become rollbacks, on every transaction manager.
         */
        private boolean rollback = true;

        public boolean isRollback() {
            return this.rollback;
        }

        public void setRollback(boolean rollback) {
            this.rollback = rollback;
        }
    }

    /**
     * The R2DBC guard.
     */
    public static class R2dbc {

        /**
         * Whether connections created by R2DBC connection factories in shadow never commit, even
         * with auto-commit code.
         */
        private boolean guard = true;

        public boolean isGuard() {
            return this.guard;
        }

        public void setGuard(boolean guard) {
            this.guard = guard;
        }
    }

    /**
     * The JDBC guard.
     */
    public static class Jdbc {

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

        private final JdbcRoute route = new JdbcRoute();

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

        public JdbcRoute getRoute() {
            return this.route;
        }
    }

    /**
     * Shadow data-store routing.
     */
    public static class JdbcRoute {

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
