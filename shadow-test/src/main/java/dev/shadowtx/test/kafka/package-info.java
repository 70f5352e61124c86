/**
 * Assertions that nothing reached a live Kafka topic, proven with sentinel records.
 */
@NullMarked
package dev.shadowtx.test.kafka;

import org.jspecify.annotations.NullMarked;
