package dev.shadowtx.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ShadowDecisionLogTests {

    @Test
    void keepsTheLastDecisionsOldestFirstWithTheirTimeToTheMillisecondAndMode() {
        Instant now = Instant.parse("2026-01-02T03:04:05.123456789Z");
        ShadowDecisionLog log = new ShadowDecisionLog(3, Clock.fixed(now, ZoneOffset.UTC));
        log.record("jdbc", "-", "live-1");
        assertThat(log.recent()).extracting(ShadowDecision::action).containsExactly("live-1");
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER))) {
            for (int i = 2; i <= 5; i++) {
                log.record("jdbc", "orders", "shadow-" + i);
            }
        }
        assertThat(log.recent()).extracting(ShadowDecision::action).containsExactly("shadow-3", "shadow-4", "shadow-5");
        assertThat(log.recent()).allSatisfy((decision) -> {
            assertThat(decision.time()).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
            assertThat(decision.mode()).isEqualTo("synthetic");
            assertThat(decision.destination()).isEqualTo("orders");
        });
    }
}
