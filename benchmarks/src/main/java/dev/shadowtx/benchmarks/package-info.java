/**
 * JMH micro-benchmarks of shadowtx's per-request work, each beside an unguarded baseline.
 */
@NullMarked
package dev.shadowtx.benchmarks;

import org.jspecify.annotations.NullMarked;
