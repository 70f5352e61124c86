/**
 * Auto-configuration and {@code shadow.materialize.*} properties of the materialized shadow store.
 */
@NullMarked
package dev.shadowtx.materialize.autoconfigure;

import org.jspecify.annotations.NullMarked;
