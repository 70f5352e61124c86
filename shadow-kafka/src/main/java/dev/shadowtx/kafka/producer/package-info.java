/**
 * Producer-side guard: records sent in shadow are rerouted, dropped or propagated with the marker.
 */
@NullMarked
package dev.shadowtx.kafka.producer;

import org.jspecify.annotations.NullMarked;
