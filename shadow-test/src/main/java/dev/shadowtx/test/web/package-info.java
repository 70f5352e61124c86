/**
 * MockMvc request post-processors that mark a request the way a mesh or a test harness would.
 */
@NullMarked
package dev.shadowtx.test.web;

import org.jspecify.annotations.NullMarked;
