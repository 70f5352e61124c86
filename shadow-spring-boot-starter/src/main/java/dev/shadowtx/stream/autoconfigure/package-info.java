/**
 * Auto-configuration of the Spring Cloud Stream guard.
 */
@NullMarked
package dev.shadowtx.stream.autoconfigure;

import org.jspecify.annotations.NullMarked;
