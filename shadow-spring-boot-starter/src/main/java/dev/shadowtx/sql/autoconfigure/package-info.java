/**
 * Auto-configuration that keeps the database initializers out of lazy initialization.
 */
@NullMarked
package dev.shadowtx.sql.autoconfigure;

import org.jspecify.annotations.NullMarked;
