package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Groups the exchange records of one request (same correlation id and service) while the window is
 * open, then assigns roles and counts the differences. The primary is the live record; a marked
 * record of the primary's version is the secondary; a marked record of another version is the
 * candidate. Records without a partner are counted as unmatched, never compared.
 */
final class PairingProcessor implements Processor<String, String, Void, Void> {

    private static final Logger logger = LoggerFactory.getLogger(PairingProcessor.class);

    private final AnalyzerSettings settings;

    private final AnalyzerEvents events;

    private final AnalyzerControl control;

    private final JsonMapper mapper;

    private final long windowMillis;

    private final long closeAfterMillis;

    private final long quietMillis;

    private @Nullable ProcessorContext<Void, Void> context;

    private @Nullable KeyValueStore<String, PendingGroup> pending;

    private @Nullable KeyValueStore<Bytes, byte[]> deadlines;

    private @Nullable KeyValueStore<String, Tallies.EndpointTally> endpoints;

    private @Nullable KeyValueStore<String, Tallies.FieldTally> fields;

    private long resetsSeen;

    private long streamTime = -1;

    private boolean processedSinceLastCheck;

    private long lastActive;

    PairingProcessor(AnalyzerSettings settings, AnalyzerEvents events, AnalyzerControl control, JsonMapper mapper) {
        this.settings = settings;
        this.events = events;
        this.control = control;
        this.mapper = mapper;
        this.windowMillis = settings.window().toMillis();
        this.closeAfterMillis = this.windowMillis + settings.grace().toMillis();
        this.quietMillis = Math.max(
                settings.grace().toMillis(), settings.closeCheckInterval().toMillis());
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.pending = context.getStateStore(AnalyzerTopology.PENDING_STORE);
        this.deadlines = context.getStateStore(AnalyzerTopology.DEADLINE_STORE);
        this.endpoints = context.getStateStore(AnalyzerTopology.ENDPOINT_STORE);
        this.fields = context.getStateStore(AnalyzerTopology.FIELD_STORE);
        this.resetsSeen = this.control.resets();
        context.schedule(this.settings.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeDue);
    }

    @Override
    public void process(Record<String, String> record) {
        String value = record.value();
        if (value == null) {
            return;
        }
        Exchange exchange;
        try {
            exchange = Exchange.parse(this.mapper, value);
        } catch (IllegalArgumentException ex) {
            logger.warn("Skipped an unreadable exchange record (key {}): {}", record.key(), ex.getMessage());
            this.events.invalid(ex.getMessage() == null ? "unreadable" : ex.getMessage());
            return;
        }
        this.processedSinceLastCheck = true;
        this.streamTime = Math.max(this.streamTime, record.timestamp());
        String groupKey = exchange.id() + Tallies.SEPARATOR + exchange.service();
        KeyValueStore<String, PendingGroup> pending = state(this.pending);
        PendingGroup group = pending.get(groupKey);
        if (group == null) {
            long now = state(this.context).currentSystemTimeMs();
            pending.put(groupKey, new PendingGroup(now, record.timestamp(), List.of(value)));
            state(this.deadlines).put(AnalyzerTopology.deadlineKey(now + this.closeAfterMillis, groupKey), new byte[0]);
        } else if (Math.abs(record.timestamp() - group.firstTimestamp()) > this.windowMillis) {
            unmatched(exchange, exchange.live());
        } else {
            pending.put(groupKey, group.with(value));
        }
    }

    /**
     * Judges the groups whose deadline passed, unless records may still be on their way through
     * this task: a group waits until the task has read a record at least {@code window} later than
     * the group's first, or has received nothing for {@code grace}. This keeps a group whole when
     * the task's clock ran ahead of its processing (a backlog, slow fetches, a pause before the
     * first batch).
     */
    private void closeDue(long wallClock) {
        applyResetRequests();
        if (this.processedSinceLastCheck) {
            this.lastActive = wallClock;
            this.processedSinceLastCheck = false;
        }
        boolean idle = wallClock - this.lastActive >= this.quietMillis;
        KeyValueStore<Bytes, byte[]> deadlines = state(this.deadlines);
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                deadlines.range(AnalyzerTopology.deadlineKey(0, ""), AnalyzerTopology.deadlineKey(wallClock + 1, ""))) {
            while (it.hasNext()) {
                due.add(it.next().key);
            }
        }
        KeyValueStore<String, PendingGroup> pending = state(this.pending);
        for (Bytes key : due) {
            byte[] raw = key.get();
            String groupKey =
                    new String(raw, Long.BYTES, raw.length - Long.BYTES, java.nio.charset.StandardCharsets.UTF_8);
            PendingGroup group = pending.get(groupKey);
            if (group != null && !idle && this.streamTime < group.firstTimestamp() + this.windowMillis) {
                continue;
            }
            deadlines.delete(key);
            if (group != null) {
                pending.delete(groupKey);
                judge(group);
            }
        }
    }

    private void applyResetRequests() {
        long requested = this.control.resets();
        if (requested == this.resetsSeen) {
            return;
        }
        this.resetsSeen = requested;
        clear(state(this.endpoints));
        clear(state(this.fields));
    }

    private static <V> void clear(KeyValueStore<String, V> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> entry = it.next();
                keys.add(entry.key);
            }
        }
        keys.forEach(store::delete);
    }

    private void judge(PendingGroup group) {
        Exchange primary = null;
        Exchange secondary = null;
        Exchange candidate = null;
        List<Exchange> extras = new ArrayList<>();
        List<Exchange> copies = new ArrayList<>();
        for (String raw : group.records()) {
            Exchange exchange = Exchange.parse(this.mapper, raw);
            if (exchange.live()) {
                if (primary == null) {
                    primary = exchange;
                } else {
                    extras.add(exchange);
                }
            } else {
                copies.add(exchange);
            }
        }
        if (primary == null) {
            copies.forEach(copy -> unmatched(copy, false));
            extras.forEach(extra -> unmatched(extra, true));
            return;
        }
        for (Exchange copy : copies) {
            if (copy.version().equals(primary.version()) && secondary == null) {
                secondary = copy;
            } else if (!copy.version().equals(primary.version()) && candidate == null) {
                candidate = copy;
            } else {
                extras.add(copy);
            }
        }
        extras.forEach(extra -> unmatched(extra, extra.live()));
        if (secondary == null && candidate == null) {
            unmatched(primary, true);
            return;
        }
        compare(primary, secondary, candidate);
    }

    private void compare(Exchange primary, @Nullable Exchange secondary, @Nullable Exchange candidate) {
        ComparisonRules rules = this.settings.rules();
        Map<String, List<JsonNode>> primaryValues = FieldValues.of(primary, rules);
        Map<String, List<JsonNode>> secondaryValues = secondary == null ? null : FieldValues.of(secondary, rules);
        Map<String, List<JsonNode>> candidateValues = candidate == null ? null : FieldValues.of(candidate, rules);
        Map<String, FieldDifferences.Difference> noise =
                secondaryValues == null ? Map.of() : FieldDifferences.between(primaryValues, secondaryValues, rules);
        Map<String, FieldDifferences.Difference> changes =
                candidateValues == null ? Map.of() : FieldDifferences.between(primaryValues, candidateValues, rules);

        String endpointKey = Tallies.endpointKey(primary.service(), primary.endpoint());
        KeyValueStore<String, Tallies.EndpointTally> endpoints = state(this.endpoints);
        Tallies.EndpointTally tally = endpoints.get(endpointKey);
        endpoints.put(
                endpointKey,
                (tally == null ? Tallies.EndpointTally.EMPTY : tally).compared(candidate != null, secondary != null));

        Set<String> paths = new LinkedHashSet<>(changes.keySet());
        paths.addAll(noise.keySet());
        KeyValueStore<String, Tallies.FieldTally> fields = state(this.fields);
        for (String path : paths) {
            FieldExample example = new FieldExample(
                    primary.id(),
                    FieldDifferences.render(primaryValues.get(path)),
                    secondaryValues == null ? null : FieldDifferences.render(secondaryValues.get(path)),
                    candidateValues == null ? null : FieldDifferences.render(candidateValues.get(path)),
                    noise.containsKey(path),
                    changes.containsKey(path));
            String fieldKey = Tallies.fieldKey(endpointKey, path);
            Tallies.FieldTally field = fields.get(fieldKey);
            fields.put(
                    fieldKey,
                    (field == null ? Tallies.FieldTally.EMPTY : field).add(example, this.settings.examples()));
        }
        this.events.compared(primary.service(), primary.endpoint());
    }

    private void unmatched(Exchange exchange, boolean primary) {
        String endpointKey = Tallies.endpointKey(exchange.service(), exchange.endpoint());
        KeyValueStore<String, Tallies.EndpointTally> endpoints = state(this.endpoints);
        Tallies.EndpointTally tally = endpoints.get(endpointKey);
        endpoints.put(endpointKey, (tally == null ? Tallies.EndpointTally.EMPTY : tally).unmatched(primary));
        this.events.unmatched(exchange.service(), exchange.endpoint(), primary);
    }

    private static <T> T state(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("analyzer processor used before init");
        }
        return value;
    }
}
