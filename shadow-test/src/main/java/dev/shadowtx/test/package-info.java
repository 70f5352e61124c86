/**
 * Test kit for applications that use shadowtx: marker headers for any HTTP test client.
 */
@NullMarked
package dev.shadowtx.test;

import org.jspecify.annotations.NullMarked;
