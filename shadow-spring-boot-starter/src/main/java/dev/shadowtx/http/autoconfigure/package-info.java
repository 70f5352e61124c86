/**
 * Auto-configuration of the shadow policy of Boot's HTTP clients ({@code shadow.http.*}) and of the marker propagation ({@code shadow.propagation.*}).
 */
@NullMarked
package dev.shadowtx.http.autoconfigure;

import org.jspecify.annotations.NullMarked;
