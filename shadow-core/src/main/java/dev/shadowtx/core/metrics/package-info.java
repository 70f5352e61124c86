/**
 * What the guards report (the {@link dev.shadowtx.core.metrics.ShadowRecorder} hook) and the names of shadowtx's meters.
 */
@NullMarked
package dev.shadowtx.core.metrics;

import org.jspecify.annotations.NullMarked;
