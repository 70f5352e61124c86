/**
 * Observation integration for Kafka listeners: the {@code shadow} key.
 */
@NullMarked
package dev.shadowtx.kafka.observation;

import org.jspecify.annotations.NullMarked;
