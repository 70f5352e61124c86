/**
 * A minimal orders service, the application the load comparison starts with shadowtx on and off.
 */
@NullMarked
package dev.shadowtx.benchmarks.app;

import org.jspecify.annotations.NullMarked;
