/**
 * The load comparison: a small closed-loop HTTP load driver of our own that starts the benchmark
 * application with shadowtx on and off, alternately, and compares throughput, latency and startup.
 */
@NullMarked
package dev.shadowtx.benchmarks.load;

import org.jspecify.annotations.NullMarked;
