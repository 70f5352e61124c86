/**
 * Observation integration: the {@code shadow} key that keeps shadow traffic out of live SLOs.
 */
@NullMarked
package dev.shadowtx.observation;

import org.jspecify.annotations.NullMarked;
