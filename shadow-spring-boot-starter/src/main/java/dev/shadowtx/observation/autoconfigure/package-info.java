/**
 * Auto-configuration of the {@code shadow} key on server request observations.
 */
@NullMarked
package dev.shadowtx.observation.autoconfigure;

import org.jspecify.annotations.NullMarked;
