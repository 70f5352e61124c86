/**
 * A shadow store kept current from the live database's change stream, where rows written by shadow traffic win.
 */
@NullMarked
package dev.shadowtx.materialize;

import org.jspecify.annotations.NullMarked;
