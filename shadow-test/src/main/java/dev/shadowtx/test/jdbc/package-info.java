/**
 * Assertions that a unit of work left no row behind.
 */
@NullMarked
package dev.shadowtx.test.jdbc;

import org.jspecify.annotations.NullMarked;
