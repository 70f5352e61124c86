/**
 * The servlet filter that detects shadow markers, applies the trust policy and binds the context.
 */
@NullMarked
package dev.shadowtx.web.servlet;

import org.jspecify.annotations.NullMarked;
