/**
 * Protection of live traffic from shadow traffic: the shadow bulkhead and the shadow rate limit.
 */
@NullMarked
package dev.shadowtx.core.protection;

import org.jspecify.annotations.NullMarked;
