package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Records what the guards decide as the counters of {@link ShadowMeter}. Called only for shadow
 * units of work (and rejected markers), never on the live path.
 * <p>
 * Each counter is registered once and kept, so an event costs a map look-up instead of a builder,
 * a meter id and a registry look-up (several events per shadow request). Every tag value is
 * bounded (modes, sources, reasons, channels, actions, bean names), so the cache is too. A counter
 * removed from the registry ({@code remove}, {@code clear}) is dropped from the cache and
 * registered again on its next event.
 */
public class MicrometerShadowRecorder implements ShadowRecorder {

    private static final int STORES = ShadowStore.values().length;

    private final MeterRegistry registry;

    private final ConcurrentMap<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    /**
     * The keys of the counters a shadow request increments on its way (by mode, and by mode and
     * marker source), made once so that an event allocates nothing.
     */
    private final CounterKey[][] detectedKeys = new CounterKey[ShadowMode.values().length][];

    private final CounterKey[] rolledBackKeys = modeKeys(ShadowMeter.TRANSACTIONS_ROLLED_BACK);

    private final CounterKey[] committedKeys = modeKeys(ShadowMeter.TRANSACTIONS_COMMITTED);

    private final CounterKey[] jdbcPreventedKeys = modeKeys(ShadowMeter.JDBC_COMMITS_PREVENTED);

    private final CounterKey[] r2dbcPreventedKeys = modeKeys(ShadowMeter.R2DBC_COMMITS_PREVENTED);

    /**
     * The keys of the connections-served counter of each data source (by mode and store), made on
     * its first shadow connection: data-source names are bean names, bounded.
     */
    private final ConcurrentMap<String, CounterKey[]> storeKeys = new ConcurrentHashMap<>();

    /**
     * Create a recorder.
     * @param registry the registry to register the counters in
     */
    public MicrometerShadowRecorder(MeterRegistry registry) {
        this.registry = registry;
        registry.config().onMeterRemoved((meter) -> this.counters.values().remove(meter));
        for (ShadowMode mode : ShadowMode.values()) {
            CounterKey[] bySource = new CounterKey[MarkerSource.values().length];
            for (MarkerSource source : MarkerSource.values()) {
                bySource[source.ordinal()] = new CounterKey(
                        ShadowMeter.REQUESTS, new String[] {"mode", mode.markerValue(), "source", source.tagValue()});
            }
            this.detectedKeys[mode.ordinal()] = bySource;
        }
    }

    private static CounterKey[] modeKeys(ShadowMeter meter) {
        CounterKey[] keys = new CounterKey[ShadowMode.values().length];
        for (ShadowMode mode : ShadowMode.values()) {
            keys[mode.ordinal()] = new CounterKey(meter, new String[] {"mode", mode.markerValue()});
        }
        return keys;
    }

    @Override
    public void requestDetected(ShadowMode mode, MarkerSource source) {
        increment(this.detectedKeys[mode.ordinal()][source.ordinal()]);
    }

    @Override
    public void markerMalformed(MarkerSource source) {
        increment(ShadowMeter.MARKERS_MALFORMED, "source", source.tagValue());
    }

    @Override
    public void markerRejected(RejectionReason reason) {
        increment(ShadowMeter.MARKERS_REJECTED, "reason", reason.code());
    }

    @Override
    public void transactionRolledBack(ShadowMode mode) {
        increment(this.rolledBackKeys[mode.ordinal()]);
    }

    @Override
    public void transactionCommitted(ShadowMode mode, String transactionManager) {
        increment(this.committedKeys[mode.ordinal()]);
    }

    @Override
    public void jdbcCommitPrevented(ShadowMode mode) {
        increment(this.jdbcPreventedKeys[mode.ordinal()]);
    }

    @Override
    public void r2dbcCommitPrevented(ShadowMode mode) {
        increment(this.r2dbcPreventedKeys[mode.ordinal()]);
    }

    @Override
    public void outboundDecision(String channel, String action, String destination) {
        increment(
                ShadowMeter.OUTBOUND,
                "channel",
                channel.toLowerCase(Locale.ROOT),
                "action",
                action.toLowerCase(Locale.ROOT));
    }

    @Override
    public void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {
        CounterKey[] keys = this.storeKeys.get(dataSource);
        if (keys == null) {
            keys = this.storeKeys.computeIfAbsent(dataSource, MicrometerShadowRecorder::storeKeys);
        }
        increment(keys[mode.ordinal() * STORES + store.ordinal()]);
    }

    private static CounterKey[] storeKeys(String dataSource) {
        CounterKey[] keys = new CounterKey[ShadowMode.values().length * STORES];
        for (ShadowMode mode : ShadowMode.values()) {
            for (ShadowStore store : ShadowStore.values()) {
                keys[mode.ordinal() * STORES + store.ordinal()] =
                        new CounterKey(ShadowMeter.JDBC_CONNECTIONS, new String[] {
                            "mode", mode.markerValue(), "data-source", dataSource, "store", store.tagValue()
                        });
            }
        }
        return keys;
    }

    @Override
    public void requestShed(ShadowMode mode, ShedReason reason) {
        increment(ShadowMeter.REQUESTS_SHED, "mode", mode.markerValue(), "reason", reason.tagValue());
    }

    @Override
    public void recordSkipped(String channel, String source, ShadowMode mode) {
        increment(ShadowMeter.RECORDS_SKIPPED, "channel", channel.toLowerCase(Locale.ROOT), "mode", mode.markerValue());
    }

    @Override
    public void uncoveredChannelUsed(String channel, String beanName, ShadowMode mode) {
        increment(
                ShadowMeter.UNCOVERED_CHANNEL_CALLS,
                "channel",
                channel.toLowerCase(Locale.ROOT),
                "mode",
                mode.markerValue());
    }

    private void increment(ShadowMeter meter, String... tags) {
        increment(new CounterKey(meter, tags));
    }

    private void increment(CounterKey key) {
        Counter counter = this.counters.get(key);
        if (counter == null) {
            counter = this.counters.computeIfAbsent(key, this::register);
        }
        counter.increment();
    }

    private Counter register(CounterKey key) {
        return Counter.builder(key.meter.meterName())
                .description(key.meter.description())
                .baseUnit(key.meter.baseUnit())
                .tags(key.tags)
                .register(this.registry);
    }

    /**
     * A meter and its tags (name, value, name, value...).
     */
    private static final class CounterKey {

        private final ShadowMeter meter;

        private final String[] tags;

        private final int hash;

        CounterKey(ShadowMeter meter, String[] tags) {
            this.meter = meter;
            this.tags = tags;
            this.hash = 31 * meter.hashCode() + Arrays.hashCode(tags);
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return (other instanceof CounterKey key) && this.meter == key.meter && Arrays.equals(this.tags, key.tags);
        }

        @Override
        public int hashCode() {
            return this.hash;
        }
    }
}
