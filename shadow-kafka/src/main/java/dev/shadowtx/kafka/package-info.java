/**
 * Reading and writing the shadow marker on Kafka record headers.
 */
@NullMarked
package dev.shadowtx.kafka;

import org.jspecify.annotations.NullMarked;
