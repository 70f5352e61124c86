/**
 * Auto-configuration of context propagation across threads ({@code shadow.async.*}).
 */
@NullMarked
package dev.shadowtx.async.autoconfigure;

import org.jspecify.annotations.NullMarked;
