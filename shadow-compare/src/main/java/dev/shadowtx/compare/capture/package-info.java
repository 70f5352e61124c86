/** Capture: one exchange record per sampled request, published off the request thread. */
@NullMarked
package dev.shadowtx.compare.capture;

import org.jspecify.annotations.NullMarked;
