/**
 * Kafka Streams topologies, built through Spring or by hand: marked records are bound, skipped or rerouted.
 */
@NullMarked
package dev.shadowtx.kafka.streams;

import org.jspecify.annotations.NullMarked;
