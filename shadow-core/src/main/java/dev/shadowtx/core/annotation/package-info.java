/**
 * Annotations that mark what no guard can see ({@code @LiveOnly}, {@code @ShadowAware}) and the
 * Spring AOP advisor that enforces {@code @LiveOnly}.
 */
@NullMarked
package dev.shadowtx.core.annotation;

import org.jspecify.annotations.NullMarked;
