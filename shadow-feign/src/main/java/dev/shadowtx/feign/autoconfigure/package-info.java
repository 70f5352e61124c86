/**
 * Auto-configuration of the Feign shadow policy and its {@code shadow.feign.*} properties.
 */
@NullMarked
package dev.shadowtx.feign.autoconfigure;

import org.jspecify.annotations.NullMarked;
