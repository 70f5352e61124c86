/**
 * Shared types of shadowtx: the exception raised when a shadow side effect is blocked, and the
 * programmatic API ({@link dev.shadowtx.core.ShadowTraffic}, {@link dev.shadowtx.core.ShadowStatus}).
 */
@NullMarked
package dev.shadowtx.core;

import org.jspecify.annotations.NullMarked;
