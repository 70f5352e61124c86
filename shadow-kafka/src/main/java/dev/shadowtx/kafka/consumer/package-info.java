/**
 * Consumer-side binding: a marked record runs its listener, and the listener's transaction, in shadow.
 */
@NullMarked
package dev.shadowtx.kafka.consumer;

import org.jspecify.annotations.NullMarked;
