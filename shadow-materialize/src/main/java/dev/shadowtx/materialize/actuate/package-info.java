/**
 * Actuator endpoint and health indicator of the materialized shadow store.
 */
@NullMarked
package dev.shadowtx.materialize.actuate;

import org.jspecify.annotations.NullMarked;
