/**
 * An orders service that takes shadow traffic safely, using shadowtx the way a user would.
 */
@NullMarked
package dev.shadowtx.sample;

import org.jspecify.annotations.NullMarked;
