package dev.shadowtx.materialize.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shadow.materialize.*}: a shadow store kept current from the live database by change data
 * capture, used with {@code shadow.jdbc.mode=ROUTE}.
 */
@ConfigurationProperties("shadow.materialize")
public class ShadowMaterializeProperties {

    /**
     * Whether to stream the live database's changes into the shadow store.
     */
    private boolean enabled;

    /**
     * Tables to materialize, as schema.table or table (schema public); each needs a primary key.
     */
    private List<String> tables = new ArrayList<>();

    /**
     * How long a row written by shadow traffic stays owned after its last shadow write; then it converges back to production.
     */
    private Duration ownershipTtl = Duration.ofHours(24);

    /**
     * How often rows whose ownership expired are released.
     */
    private Duration expiryInterval = Duration.ofSeconds(30);

    private final Source source = new Source();

    private final Kafka kafka = new Kafka();

    private final Health health = new Health();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getTables() {
        return this.tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    public Duration getOwnershipTtl() {
        return this.ownershipTtl;
    }

    public void setOwnershipTtl(Duration ownershipTtl) {
        this.ownershipTtl = ownershipTtl;
    }

    public Duration getExpiryInterval() {
        return this.expiryInterval;
    }

    public void setExpiryInterval(Duration expiryInterval) {
        this.expiryInterval = expiryInterval;
    }

    public Source getSource() {
        return this.source;
    }

    public Kafka getKafka() {
        return this.kafka;
    }

    public Health getHealth() {
        return this.health;
    }

    /**
     * Where changes come from.
     */
    public enum SourceType {
        /** Debezium's PostgreSQL connector embedded in the application, reading the live database's log. */
        EMBEDDED,
        /** Debezium change topics in Kafka, written by Debezium on Kafka Connect. */
        KAFKA
    }

    /**
     * The live database and its change stream.
     */
    public static final class Source {

        /**
         * Where changes come from: EMBEDDED (Debezium's PostgreSQL connector in the application) or KAFKA (Debezium change topics).
         */
        private SourceType type = SourceType.EMBEDDED;

        /**
         * JDBC URL of the live PostgreSQL database, for the embedded source; defaults to spring.datasource.url.
         */
        private @Nullable String url;

        /**
         * User of the live database with the REPLICATION attribute; defaults to spring.datasource.username.
         */
        private @Nullable String username;

        /**
         * Password of that user; defaults to spring.datasource.password.
         */
        private @Nullable String password;

        /**
         * Replication slot of the embedded source, created on the live database; drop it when the shadow store is retired.
         */
        private String slotName = "shadowtx_materialize";

        /**
         * Publication of the embedded source, created on the live database for the listed tables only.
         */
        private String publicationName = "shadowtx_materialize";

        /**
         * Debezium snapshot mode: initial copies the tables once, no_data streams changes only (for a shadow store cloned from production).
         */
        private String snapshotMode = "initial";

        /**
         * How often the embedded source stores the position it reached in the shadow store.
         */
        private Duration offsetFlushInterval = Duration.ofSeconds(1);

        /**
         * Further Debezium connector properties for the embedded source, applied last (for example column.exclude.list to keep personal data out).
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public SourceType getType() {
            return this.type;
        }

        public void setType(SourceType type) {
            this.type = type;
        }

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUsername() {
            return this.username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return this.password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public String getSlotName() {
            return this.slotName;
        }

        public void setSlotName(String slotName) {
            this.slotName = slotName;
        }

        public String getPublicationName() {
            return this.publicationName;
        }

        public void setPublicationName(String publicationName) {
            this.publicationName = publicationName;
        }

        public String getSnapshotMode() {
            return this.snapshotMode;
        }

        public void setSnapshotMode(String snapshotMode) {
            this.snapshotMode = snapshotMode;
        }

        public Duration getOffsetFlushInterval() {
            return this.offsetFlushInterval;
        }

        public void setOffsetFlushInterval(Duration offsetFlushInterval) {
            this.offsetFlushInterval = offsetFlushInterval;
        }

        public Map<String, String> getProperties() {
            return this.properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /**
     * The Kafka source: Debezium change topics.
     */
    public static final class Kafka {

        /**
         * Kafka brokers of the change topics; defaults to spring.kafka.bootstrap-servers.
         */
        private List<String> bootstrapServers = new ArrayList<>();

        /**
         * Debezium change topics to read, one per materialized table (prefix.schema.table).
         */
        private List<String> topics = new ArrayList<>();

        /**
         * Consumer group of this shadow store; every shadow store fed by the same topics needs its own.
         */
        private String groupId = "shadowtx-materialize";

        /**
         * Further Kafka consumer properties (security, timeouts).
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public List<String> getBootstrapServers() {
            return this.bootstrapServers;
        }

        public void setBootstrapServers(List<String> bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public List<String> getTopics() {
            return this.topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public String getGroupId() {
            return this.groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public Map<String, String> getProperties() {
            return this.properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /**
     * The health indicator.
     */
    public static final class Health {

        /**
         * Lag of the last applied change beyond which the health indicator reports DOWN.
         */
        private Duration maxLag = Duration.ofMinutes(5);

        public Duration getMaxLag() {
            return this.maxLag;
        }

        public void setMaxLag(Duration maxLag) {
            this.maxLag = maxLag;
        }
    }
}
