package dev.shadowtx.core.context;

import java.util.Locale;

/**
 * Why a unit of work is isolated. Both modes isolate every side effect in the same way; they
 * differ only in metrics, logs and policy.
 */
public enum ShadowMode {

    /**
     * Mirrored live traffic, typically a copy made by Istio or Envoy.
     */
    SHADOW,

    /**
     * A deliberate test transaction that runs the real path and is then undone.
     */
    SYNTHETIC;

    private final String markerValue = name().toLowerCase(Locale.ROOT);

    /**
     * Return the value written in the {@code X-Shadow} header and the baggage entry.
     * @return {@code shadow} or {@code synthetic}
     */
    public String markerValue() {
        return this.markerValue;
    }
}
