package dev.shadowtx.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerShadowRecorderTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MicrometerShadowRecorder recorder = new MicrometerShadowRecorder(this.registry);

    private double count(String name, String... tags) {
        Counter counter = this.registry.find(name).tags(tags).counter();
        return (counter != null) ? counter.count() : -1;
    }

    @Test
    void everyEventCountsOnItsMeterWithItsTags() {
        this.recorder.requestDetected(ShadowMode.SHADOW, MarkerSource.HEADER);
        this.recorder.requestDetected(ShadowMode.SHADOW, MarkerSource.HEADER);
        this.recorder.requestDetected(ShadowMode.SYNTHETIC, MarkerSource.HEADER);
        this.recorder.markerMalformed(MarkerSource.BAGGAGE);
        this.recorder.markerRejected(RejectionReason.values()[0]);
        this.recorder.transactionRolledBack(ShadowMode.SHADOW);
        this.recorder.transactionCommitted(ShadowMode.SHADOW, "kafkaTransactionManager");
        this.recorder.jdbcCommitPrevented(ShadowMode.SHADOW);
        this.recorder.r2dbcCommitPrevented(ShadowMode.SHADOW);
        this.recorder.outboundDecision("HTTP", "BLOCK", "payments");
        this.recorder.storeServed(ShadowMode.SHADOW, "dataSource", ShadowStore.values()[0]);
        this.recorder.requestShed(ShadowMode.SHADOW, ShedReason.RATE);
        this.recorder.requestShed(ShadowMode.SHADOW, ShedReason.CAPACITY);
        this.recorder.recordSkipped("Kafka", "orders", ShadowMode.SHADOW);
        this.recorder.uncoveredChannelUsed("mail", "mailSender", ShadowMode.SHADOW);

        assertThat(count("shadow.requests", "mode", "shadow", "source", MarkerSource.HEADER.tagValue()))
                .isEqualTo(2);
        assertThat(count("shadow.requests", "mode", "synthetic")).isEqualTo(1);
        assertThat(count("shadow.markers.malformed", "source", MarkerSource.BAGGAGE.tagValue()))
                .isEqualTo(1);
        assertThat(count("shadow.markers.rejected", "reason", RejectionReason.values()[0].code()))
                .isEqualTo(1);
        assertThat(count("shadow.transactions.rolled-back", "mode", "shadow")).isEqualTo(1);
        assertThat(count("shadow.transactions.committed", "mode", "shadow")).isEqualTo(1);
        assertThat(count("shadow.jdbc.commits.prevented", "mode", "shadow")).isEqualTo(1);
        assertThat(count("shadow.r2dbc.commits.prevented", "mode", "shadow")).isEqualTo(1);
        assertThat(count("shadow.outbound", "channel", "http", "action", "block"))
                .isEqualTo(1);
        assertThat(count("shadow.jdbc.connections", "data-source", "dataSource"))
                .isEqualTo(1);
        assertThat(count("shadow.requests.shed", "reason", "rate")).isEqualTo(1);
        assertThat(count("shadow.requests.shed", "reason", "capacity")).isEqualTo(1);
        assertThat(count("shadow.records.skipped", "channel", "kafka")).isEqualTo(1);
        assertThat(count("shadow.audit.uncovered.calls", "channel", "mail")).isEqualTo(1);
    }

    @Test
    void aCounterRemovedFromTheRegistryIsRegisteredAgainOnItsNextEvent() {
        this.recorder.transactionRolledBack(ShadowMode.SHADOW);
        this.registry.clear();
        this.recorder.transactionRolledBack(ShadowMode.SHADOW);
        this.recorder.transactionRolledBack(ShadowMode.SHADOW);
        assertThat(count("shadow.transactions.rolled-back", "mode", "shadow")).isEqualTo(2);

        Counter counter = this.registry
                .find("shadow.transactions.rolled-back")
                .tags("mode", "shadow")
                .counter();
        this.registry.remove(counter);
        this.recorder.transactionRolledBack(ShadowMode.SHADOW);
        assertThat(count("shadow.transactions.rolled-back", "mode", "shadow")).isEqualTo(1);
    }

    @Test
    void sameTagValuesFromDifferentStringsShareOneCounter() {
        this.recorder.outboundDecision("http", "block", "a");
        this.recorder.outboundDecision(new String("http"), new String("block"), "b");
        assertThat(count("shadow.outbound", "channel", "http", "action", "block"))
                .isEqualTo(2);
        assertThat(this.registry.find("shadow.outbound").counters()).hasSize(1);
    }
}
