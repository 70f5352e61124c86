package dev.shadowtx.core.metrics;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One decision a guard took, as kept in the {@link ShadowDecisionLog}: never a body, never a
 * header value other than the marker.
 *
 * @param time when the decision was taken
 * @param channel the side-effect channel ({@code inbound}, {@code transaction}, {@code jdbc},
 * {@code http}, {@code feign}, {@code kafka}, {@code method})
 * @param destination where the effect was going (a host, a topic, a client name, a data source)
 * or what was refused
 * @param action what the guard did
 * @param mode the mode of the unit of work, or {@code null} when none was bound (a rejected marker)
 */
public record ShadowDecision(
        Instant time,
        String channel,
        String destination,
        String action,
        @Nullable String mode) {}
