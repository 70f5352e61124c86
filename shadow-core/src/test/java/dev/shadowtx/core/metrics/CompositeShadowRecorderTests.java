package dev.shadowtx.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CompositeShadowRecorderTests {

    @Test
    void compositeAndDecisionLogHandleEveryRecorderMethod() {
        for (Method method : ShadowRecorder.class.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(Arrays.stream(CompositeShadowRecorder.class.getDeclaredMethods())
                            .anyMatch((candidate) -> candidate.getName().equals(method.getName())))
                    .as("CompositeShadowRecorder overrides %s", method.getName())
                    .isTrue();
        }
    }

    @Test
    void decisionsReachEveryDelegateAndTheLogKeepsTheLatest() {
        ShadowDecisionLog log = new ShadowDecisionLog(2, Clock.systemUTC());
        int[] calls = new int[1];
        ShadowRecorder counting = new ShadowRecorder() {
            @Override
            public void outboundDecision(String channel, String action, String destination) {
                calls[0]++;
            }
        };
        ShadowRecorder composite = new CompositeShadowRecorder(java.util.List.of(counting, log.asRecorder()));
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER))) {
            composite.outboundDecision("http", "block", "payments:8080");
            composite.outboundDecision("kafka", "reroute", "orders");
            composite.outboundDecision("feign", "propagate", "catalog");
        }
        assertThat(calls[0]).isEqualTo(3);
        assertThat(log.recent()).extracting(ShadowDecision::destination).containsExactly("orders", "catalog");
        assertThat(log.recent())
                .allSatisfy((decision) -> assertThat(decision.mode()).isEqualTo("synthetic"));
    }
}
