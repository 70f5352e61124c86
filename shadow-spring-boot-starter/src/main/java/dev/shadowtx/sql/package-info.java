/**
 * Database initialization under lazy initialization: the initializers Spring Boot knows run at
 * startup, never inside the first (possibly shadow) request that needs the database.
 */
@NullMarked
package dev.shadowtx.sql;

import org.jspecify.annotations.NullMarked;
