/**
 * Auto-configuration of shadow data-store routing ({@code shadow.jdbc.mode=ROUTE}, {@code shadow.datasource.*}).
 */
@NullMarked
package dev.shadowtx.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
