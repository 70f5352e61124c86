/** Throughput of the response-comparison analyzer on a real broker. */
@NullMarked
package dev.shadowtx.benchmarks.compare;

import org.jspecify.annotations.NullMarked;
