/** Test support shared with the benchmarks: a generated workload of exchange records. */
@NullMarked
package dev.shadowtx.compare.testsupport;

import org.jspecify.annotations.NullMarked;
