/**
 * Leak-audit extension point: how each module tells the audit which beans are its side-effect
 * channels and what guards them.
 */
@NullMarked
package dev.shadowtx.core.audit;

import org.jspecify.annotations.NullMarked;
