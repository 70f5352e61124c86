/**
 * The Spring cache abstraction in shadow: reads go through, writes and evictions never touch a
 * shared cache.
 */
@NullMarked
package dev.shadowtx.cache;

import org.jspecify.annotations.NullMarked;
