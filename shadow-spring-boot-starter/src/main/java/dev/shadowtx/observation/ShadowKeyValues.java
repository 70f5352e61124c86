package dev.shadowtx.observation;

import io.micrometer.common.KeyValue;

/**
 * The two values of the {@code shadow} low-cardinality key, shared by the servlet and the reactive
 * observation filters.
 */
final class ShadowKeyValues {

    static final String KEY = "shadow";

    private static final KeyValue SHADOW = KeyValue.of(KEY, "true");

    private static final KeyValue LIVE = KeyValue.of(KEY, "false");

    private ShadowKeyValues() {}

    static KeyValue of(boolean shadow) {
        return shadow ? SHADOW : LIVE;
    }
}
