/**
 * Auto-configuration of shadow-kafka and its {@code shadow.kafka.*} properties.
 */
@NullMarked
package dev.shadowtx.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
