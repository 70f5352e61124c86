/**
 * The {@code shadow} actuator endpoint: effective configuration, counters and recent decisions.
 */
@NullMarked
package dev.shadowtx.actuate;

import org.jspecify.annotations.NullMarked;
