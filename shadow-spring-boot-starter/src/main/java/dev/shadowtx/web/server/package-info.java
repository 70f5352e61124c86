/**
 * Container hooks that record the peer which opened each connection, before any forwarded-header handling runs.
 */
@NullMarked
package dev.shadowtx.web.server;

import org.jspecify.annotations.NullMarked;
