/**
 * Auto-configuration of the shadow rule for the Spring cache abstraction.
 */
@NullMarked
package dev.shadowtx.cache.autoconfigure;

import org.jspecify.annotations.NullMarked;
