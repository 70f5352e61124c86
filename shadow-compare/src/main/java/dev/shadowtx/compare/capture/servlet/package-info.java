/** Capture in servlet applications: a filter that copies what passes through to and from the application. */
@NullMarked
package dev.shadowtx.compare.capture.servlet;

import org.jspecify.annotations.NullMarked;
