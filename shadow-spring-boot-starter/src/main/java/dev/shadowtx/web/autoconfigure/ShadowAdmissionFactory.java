package dev.shadowtx.web.autoconfigure;

import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.protection.ShadowBulkhead;
import dev.shadowtx.core.protection.ShadowRateLimiter;
import dev.shadowtx.web.ShadowAdmission;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the {@link ShadowAdmission} of the inbound filters from the detection and trust beans and
 * validating {@code shadow.protection.*}: one place for the servlet and the reactive web
 * auto-configurations.
 */
final class ShadowAdmissionFactory {

    private ShadowAdmissionFactory() {}

    static ShadowAdmission create(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ObjectProvider<ShadowRecorder> recorder,
            ShadowProtectionProperties protection) {
        return new ShadowAdmission(
                detector,
                trustPolicy,
                recorder.getIfAvailable(() -> ShadowRecorder.NOOP),
                bulkhead(protection),
                rateLimiter(protection));
    }

    static @Nullable ShadowBulkhead bulkhead(ShadowProtectionProperties protection) {
        Integer maxConcurrent = protection.getMaxConcurrent();
        if (maxConcurrent == null) {
            return null;
        }
        if (maxConcurrent < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.max-concurrent",
                    maxConcurrent,
                    "At least one concurrent shadow request must be allowed; leave it unset for no limit");
        }
        return new ShadowBulkhead(maxConcurrent);
    }

    static @Nullable ShadowRateLimiter rateLimiter(ShadowProtectionProperties protection) {
        Double maxRate = protection.getMaxRate();
        Integer burst = protection.getBurst();
        if (maxRate == null) {
            if (burst != null) {
                throw new InvalidConfigurationPropertyValueException(
                        "shadow.protection.burst",
                        burst,
                        "It only applies with shadow.protection.max-rate; set that too");
            }
            return null;
        }
        if (!(maxRate >= ShadowRateLimiter.MIN_PERMITS_PER_SECOND) || maxRate.isInfinite()) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.max-rate",
                    maxRate,
                    "Shadow requests per second must be a finite number of at least "
                            + ShadowRateLimiter.MIN_PERMITS_PER_SECOND + "; leave it unset for no limit");
        }
        int effectiveBurst = (burst != null) ? burst : (int) Math.min(ShadowRateLimiter.MAX_BURST, Math.ceil(maxRate));
        if (effectiveBurst < 1 || effectiveBurst > ShadowRateLimiter.MAX_BURST) {
            throw new InvalidConfigurationPropertyValueException(
                    "shadow.protection.burst",
                    effectiveBurst,
                    "The burst must be between 1 and " + ShadowRateLimiter.MAX_BURST);
        }
        return new ShadowRateLimiter(maxRate, effectiveBurst);
    }
}
