/**
 * The transaction and JDBC guards: shadow units of work never commit.
 */
@NullMarked
package dev.shadowtx.core.tx;

import org.jspecify.annotations.NullMarked;
