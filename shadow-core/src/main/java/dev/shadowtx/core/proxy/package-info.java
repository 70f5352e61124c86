/**
 * The guard proxies: opaque and frozen, so that code a shadow request reaches cannot take them
 * apart, and the one place shadowtx itself reads what they guard.
 */
@NullMarked
package dev.shadowtx.core.proxy;

import org.jspecify.annotations.NullMarked;
