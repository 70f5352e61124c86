/**
 * Protection of live traffic from shadow traffic: the shadow bulkhead.
 */
@NullMarked
package dev.shadowtx.core.protection;

import org.jspecify.annotations.NullMarked;
