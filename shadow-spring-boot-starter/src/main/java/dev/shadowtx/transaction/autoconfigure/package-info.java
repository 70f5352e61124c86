/**
 * Auto-configuration of the transaction guard ({@code shadow.transactions.*}).
 */
@NullMarked
package dev.shadowtx.transaction.autoconfigure;

import org.jspecify.annotations.NullMarked;
