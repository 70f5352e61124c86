/**
 * Auto-configuration of the {@code @LiveOnly} advisor and of the programmatic API's
 * {@code ShadowStatus} bean.
 */
@NullMarked
package dev.shadowtx.annotation.autoconfigure;

import org.jspecify.annotations.NullMarked;
