/**
 * Client handles of data stores and cloud services in shadow: reads pass, writes are blocked, and
 * every handle a guarded one returns (a database, a collection, a connection) is guarded too.
 */
@NullMarked
package dev.shadowtx.handles;

import org.jspecify.annotations.NullMarked;
