/**
 * Auto-configuration of the startup summary and of the description of the core settings.
 */
@NullMarked
package dev.shadowtx.summary.autoconfigure;

import org.jspecify.annotations.NullMarked;
