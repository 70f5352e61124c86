/**
 * Shadow policy for OpenFeign clients, contributed as a {@code feign.Capability} that decorates
 * each client's {@code feign.Client}.
 */
@NullMarked
package dev.shadowtx.feign;

import org.jspecify.annotations.NullMarked;
