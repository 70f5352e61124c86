package dev.shadowtx.materialize.source;

import dev.shadowtx.materialize.ChangeEvent;
import dev.shadowtx.materialize.ChangeEventParser;
import dev.shadowtx.materialize.ChangeSource;
import dev.shadowtx.materialize.MaterializeStatus;
import dev.shadowtx.materialize.ShadowStoreApplier;
import dev.shadowtx.materialize.ShadowStoreSchema;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the live PostgreSQL database's log with Debezium's embedded engine and PostgreSQL
 * connector ({@code pgoutput}), through a replication slot and a publication of its own limited to
 * the materialized tables. Offsets are kept in the shadow store
 * ({@link ShadowStoreOffsetBackingStore}); a batch is acknowledged only once the applier has
 * committed it.
 */
public final class EmbeddedChangeSource implements ChangeSource {

    private static final Log logger = LogFactory.getLog(EmbeddedChangeSource.class);

    private final SourceDatabase database;

    private final DataSource shadowStore;

    private final Settings settings;

    private final ChangeEventParser parser = new ChangeEventParser();

    private volatile @Nullable DebeziumEngine<io.debezium.engine.ChangeEvent<String, String>> engine;

    private volatile @Nullable ExecutorService executor;

    /**
     * The connector's settings.
     *
     * @param slotName the replication slot (also the engine's name)
     * @param publicationName the publication
     * @param snapshotMode {@code initial}, {@code no_data} or another Debezium snapshot mode
     * @param tables the tables, {@code schema.table}
     * @param offsetFlushIntervalMillis how often offsets are stored
     * @param properties further Debezium properties, applied last
     */
    public record Settings(
            String slotName,
            String publicationName,
            String snapshotMode,
            List<String> tables,
            long offsetFlushIntervalMillis,
            Map<String, String> properties) {}

    /**
     * Create the source.
     * @param database the live database
     * @param shadowStore the shadow store, where offsets are kept
     * @param settings the connector's settings
     */
    public EmbeddedChangeSource(SourceDatabase database, DataSource shadowStore, Settings settings) {
        this.database = database;
        this.shadowStore = shadowStore;
        this.settings = settings;
    }

    @Override
    public void start(ShadowStoreApplier applier, MaterializeStatus status) {
        this.database.requireDistinctFrom(ShadowStoreSchema.identity(this.shadowStore));
        ShadowStoreOffsetBackingStore.register(this.settings.slotName(), this.shadowStore);
        DebeziumEngine<io.debezium.engine.ChangeEvent<String, String>> built = DebeziumEngine.create(Json.class)
                .using(configuration())
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        status.running();
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        logger.error("The change stream from " + description() + " stopped: " + message, error);
                        status.failed(message);
                    }
                })
                .notifying((records, committer) -> {
                    List<ChangeEvent> events = new ArrayList<>(records.size());
                    for (io.debezium.engine.ChangeEvent<String, String> record : records) {
                        ChangeEvent event = this.parser.parse(record.value(), null);
                        if (event != null) {
                            events.add(event);
                        }
                    }
                    applier.apply(events);
                    for (io.debezium.engine.ChangeEvent<String, String> record : records) {
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .build();
        ExecutorService runner = Executors.newSingleThreadExecutor((task) -> {
            Thread thread = new Thread(task, "shadowtx-materialize-engine");
            thread.setDaemon(true);
            return thread;
        });
        runner.execute(built);
        this.engine = built;
        this.executor = runner;
    }

    @Override
    public void stop() {
        DebeziumEngine<?> running = this.engine;
        ExecutorService runner = this.executor;
        this.engine = null;
        this.executor = null;
        try {
            if (running != null) {
                running.close();
            }
        } catch (IOException | IllegalStateException ex) {
            logger.warn("The change stream did not stop cleanly: " + ex.getMessage());
        }
        if (runner != null) {
            runner.shutdown();
            try {
                if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                    runner.shutdownNow();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        ShadowStoreOffsetBackingStore.unregister(this.settings.slotName());
    }

    @Override
    public String description() {
        return this.database.description() + " (slot " + this.settings.slotName() + ", publication "
                + this.settings.publicationName() + ")";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("slot", this.database.slot(this.settings.slotName()));
    }

    /**
     * Return the replication slot's name.
     * @return the slot
     */
    public String slotName() {
        return this.settings.slotName();
    }

    Properties configuration() {
        Properties properties = new Properties();
        properties.setProperty("name", this.settings.slotName());
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", ShadowStoreOffsetBackingStore.class.getName());
        properties.setProperty("offset.flush.interval.ms", Long.toString(this.settings.offsetFlushIntervalMillis()));
        properties.setProperty("database.hostname", this.database.host());
        properties.setProperty("database.port", Integer.toString(this.database.port()));
        properties.setProperty("database.dbname", this.database.database());
        properties.setProperty("database.user", this.database.username());
        properties.setProperty("database.password", this.database.password());
        properties.setProperty("topic.prefix", this.settings.slotName());
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", this.settings.slotName());
        properties.setProperty("publication.name", this.settings.publicationName());
        properties.setProperty("publication.autocreate.mode", "filtered");
        properties.setProperty("snapshot.mode", this.settings.snapshotMode());
        properties.setProperty("tombstones.on.delete", "false");
        properties.setProperty(
                "table.include.list",
                this.settings.tables().stream()
                        .map((table) -> table.contains(".") ? table : "public." + table)
                        .map((table) -> table.replace(".", "\\."))
                        .collect(Collectors.joining(",")));
        properties.putAll(this.settings.properties());
        return properties;
    }
}
