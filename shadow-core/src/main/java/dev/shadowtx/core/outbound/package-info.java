/**
 * Channel-independent policy for outbound calls made in shadow: propagate with the marker,
 * reroute to a test double, or block (with an optional stub), and how the marker is written.
 */
@NullMarked
package dev.shadowtx.core.outbound;

import org.jspecify.annotations.NullMarked;
