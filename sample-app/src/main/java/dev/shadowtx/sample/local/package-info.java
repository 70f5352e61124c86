/**
 * What the one-command run starts in-process when nothing external is configured: a KRaft Kafka broker and a payments provider with its test double.
 */
@NullMarked
package dev.shadowtx.sample.local;

import org.jspecify.annotations.NullMarked;
