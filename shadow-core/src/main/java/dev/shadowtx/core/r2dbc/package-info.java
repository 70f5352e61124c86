/**
 * The R2DBC guard: connections created in a shadow unit of work never commit.
 */
@NullMarked
package dev.shadowtx.core.r2dbc;

import org.jspecify.annotations.NullMarked;
