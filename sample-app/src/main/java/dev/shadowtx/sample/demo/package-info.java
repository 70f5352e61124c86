/**
 * Read-only endpoints that show what the collaborators and the listener saw, for the demo.
 */
@NullMarked
package dev.shadowtx.sample.demo;

import org.jspecify.annotations.NullMarked;
