/**
 * Auto-configuration of the shadow rule for Redis handles.
 */
@NullMarked
package dev.shadowtx.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
