/**
 * The shadow context of one unit of work, the thread-bound holder and its context-propagation accessor.
 */
@NullMarked
package dev.shadowtx.core.context;

import org.jspecify.annotations.NullMarked;
