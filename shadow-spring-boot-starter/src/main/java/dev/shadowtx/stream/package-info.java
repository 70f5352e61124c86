/**
 * Spring Cloud Stream in shadow: messages sent to a binding whose binder no shadowtx module guards
 * are refused, whatever the binder.
 */
@NullMarked
package dev.shadowtx.stream;

import org.jspecify.annotations.NullMarked;
