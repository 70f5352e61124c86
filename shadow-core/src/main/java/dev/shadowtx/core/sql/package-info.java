/**
 * SQL text read before it is sent in shadow: the statements that would end the transaction by themselves.
 */
@NullMarked
package dev.shadowtx.core.sql;

import org.jspecify.annotations.NullMarked;
