package dev.shadowtx.materialize.source;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the embedded engine's offsets (the log position reached, whether the snapshot is done) in
 * the shadow store itself, table {@code shadowtx_offsets}: the position and the data it describes
 * live and die together, and a restart resumes where the last committed batch ended. Debezium
 * instantiates the class by name, so the shadow store is looked up by the engine's name.
 */
public final class ShadowStoreOffsetBackingStore extends MemoryOffsetBackingStore {

    private static final Map<String, DataSource> STORES = new ConcurrentHashMap<>();

    private @Nullable String engine;

    private @Nullable DataSource store;

    /**
     * Make a shadow store available to the engine of a name.
     * @param engine the engine's {@code name}
     * @param shadowStore the shadow store
     */
    static void register(String engine, DataSource shadowStore) {
        STORES.put(engine, shadowStore);
    }

    /**
     * Forget the shadow store of an engine.
     * @param engine the engine's {@code name}
     */
    static void unregister(String engine) {
        STORES.remove(engine);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        String name = config.originalsStrings().get("name");
        DataSource shadowStore = (name != null) ? STORES.get(name) : null;
        if (name == null || shadowStore == null) {
            throw new ConnectException("No shadow store registered for the engine '" + name + "'");
        }
        this.engine = name;
        this.store = shadowStore;
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection connection = store().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT offset_key, offset_value FROM shadowtx_offsets WHERE engine = ?")) {
            statement.setString(1, engine());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] value = rows.getBytes(2);
                    this.data.put(ByteBuffer.wrap(rows.getBytes(1)), (value != null) ? ByteBuffer.wrap(value) : null);
                }
            }
        } catch (SQLException ex) {
            throw new ConnectException("Could not read the offsets from the shadow store", ex);
        }
    }

    @Override
    protected void save() {
        Map<ByteBuffer, ByteBuffer> snapshot = new HashMap<>(this.data);
        try (Connection connection = store().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO shadowtx_offsets (engine, offset_key, offset_value) VALUES (?, ?, ?)"
                            + " ON CONFLICT (engine, offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value")) {
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : snapshot.entrySet()) {
                    statement.setString(1, engine());
                    statement.setBytes(2, bytes(entry.getKey()));
                    statement.setBytes(3, (entry.getValue() != null) ? bytes(entry.getValue()) : null);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException ex) {
                connection.rollback();
                throw ex;
            }
        } catch (SQLException ex) {
            throw new ConnectException("Could not store the offsets in the shadow store", ex);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        // the embedded engine never asks; Kafka Connect's offset REST API is not available here
        return Set.of();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private String engine() {
        String name = this.engine;
        if (name == null) {
            throw new IllegalStateException("Not configured");
        }
        return name;
    }

    private DataSource store() {
        DataSource shadowStore = this.store;
        if (shadowStore == null) {
            throw new IllegalStateException("Not configured");
        }
        return shadowStore;
    }
}
