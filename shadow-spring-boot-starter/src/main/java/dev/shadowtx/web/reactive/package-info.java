/**
 * The WebFlux web filter that detects shadow markers, applies the trust policy and binds the
 * context for the whole exchange.
 */
@NullMarked
package dev.shadowtx.web.reactive;

import org.jspecify.annotations.NullMarked;
