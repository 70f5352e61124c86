/**
 * Auto-configuration of the R2DBC guard ({@code shadow.r2dbc.*}).
 */
@NullMarked
package dev.shadowtx.r2dbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
