/**
 * Auto-configuration of shadowtx and its {@code shadow.*} properties.
 */
@NullMarked
package dev.shadowtx.autoconfigure;

import org.jspecify.annotations.NullMarked;
