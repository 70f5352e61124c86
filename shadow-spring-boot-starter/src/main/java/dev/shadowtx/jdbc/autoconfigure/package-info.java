/**
 * Auto-configuration of the JDBC guard ({@code shadow.jdbc.*}) and of shadow data-store routing
 * ({@code shadow.jdbc.mode=ROUTE}, {@code shadow.datasource.*}).
 */
@NullMarked
package dev.shadowtx.jdbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
