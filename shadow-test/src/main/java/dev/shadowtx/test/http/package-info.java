/**
 * Assertions that no live collaborator was called, for WireMock servers.
 */
@NullMarked
package dev.shadowtx.test.http;

import org.jspecify.annotations.NullMarked;
