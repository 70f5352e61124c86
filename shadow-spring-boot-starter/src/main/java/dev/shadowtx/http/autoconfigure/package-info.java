/**
 * Auto-configuration of the shadow policy of Boot's HTTP clients ({@code shadow.http.*}); the marker propagation they share with Feign and Kafka comes from the core auto-configuration.
 */
@NullMarked
package dev.shadowtx.http.autoconfigure;

import org.jspecify.annotations.NullMarked;
