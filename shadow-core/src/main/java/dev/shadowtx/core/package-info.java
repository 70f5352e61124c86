/**
 * Shared types of shadowtx: the exception raised when a shadow side effect is blocked.
 */
@NullMarked
package dev.shadowtx.core;

import org.jspecify.annotations.NullMarked;
