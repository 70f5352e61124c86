/**
 * Where change events come from: Debezium's embedded PostgreSQL connector, or Debezium change topics in Kafka.
 */
@NullMarked
package dev.shadowtx.materialize.source;

import org.jspecify.annotations.NullMarked;
