/**
 * End-to-end tests: HTTP request, producer, broker, listener, database and collaborator.
 */
@NullMarked
package dev.shadowtx.kafka.e2e;

import org.jspecify.annotations.NullMarked;
