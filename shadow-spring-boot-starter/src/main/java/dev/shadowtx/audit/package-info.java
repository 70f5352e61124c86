/**
 * Leak audit: the inventory of every side-effect channel of the application, guarded or not.
 */
@NullMarked
package dev.shadowtx.audit;

import org.jspecify.annotations.NullMarked;
