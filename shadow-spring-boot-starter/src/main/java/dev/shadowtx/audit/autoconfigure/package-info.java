/**
 * Auto-configuration of the leak audit ({@code shadow.audit.*}).
 */
@NullMarked
package dev.shadowtx.audit.autoconfigure;

import org.jspecify.annotations.NullMarked;
