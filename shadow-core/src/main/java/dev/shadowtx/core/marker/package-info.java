/**
 * Marker detection (Envoy host suffix, marker header, W3C baggage), the marker codec and the trust policy.
 */
@NullMarked
package dev.shadowtx.core.marker;

import org.jspecify.annotations.NullMarked;
