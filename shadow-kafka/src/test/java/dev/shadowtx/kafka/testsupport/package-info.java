/**
 * Helpers that read what really reached the test broker.
 */
@NullMarked
package dev.shadowtx.kafka.testsupport;

import org.jspecify.annotations.NullMarked;
