/** Capture in WebFlux applications: a web filter that copies the body buffers as they pass. */
@NullMarked
package dev.shadowtx.compare.capture.reactive;

import org.jspecify.annotations.NullMarked;
