/**
 * What the servlet and the reactive filters share: the admission decision of an inbound request
 * and the problem responses that refuse one.
 */
@NullMarked
package dev.shadowtx.web;

import org.jspecify.annotations.NullMarked;
