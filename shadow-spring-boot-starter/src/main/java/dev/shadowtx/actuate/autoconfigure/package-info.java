/**
 * Auto-configuration of the {@code shadow} actuator endpoint.
 */
@NullMarked
package dev.shadowtx.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
