package dev.shadowtx.web.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Protection of live traffic from shadow traffic: limits on the shadow requests the inbound filters admit.
 */
@ConfigurationProperties("shadow.protection")
public class ShadowProtectionProperties {

    /**
     * Maximum number of shadow requests served at once; more are refused at once with 503.
     * Live requests are never refused or queued by it. Unlimited when not set.
     */
    private @Nullable Integer maxConcurrent;

    public @Nullable Integer getMaxConcurrent() {
        return this.maxConcurrent;
    }

    public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * Maximum number of shadow requests admitted per second, on average; more are refused at
     * once with 503 and a Retry-After header. Live requests are never refused or delayed by
     * it. Unlimited when not set.
     */
    private @Nullable Double maxRate;

    /**
     * Number of shadow requests admitted at once after a quiet period, when max-rate is set.
     * One second's worth of max-rate (at least 1) when not set.
     */
    private @Nullable Integer burst;

    public @Nullable Double getMaxRate() {
        return this.maxRate;
    }

    public void setMaxRate(@Nullable Double maxRate) {
        this.maxRate = maxRate;
    }

    public @Nullable Integer getBurst() {
        return this.burst;
    }

    public void setBurst(@Nullable Integer burst) {
        this.burst = burst;
    }
}
