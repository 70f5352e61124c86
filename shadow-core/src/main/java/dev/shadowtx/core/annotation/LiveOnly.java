package dev.shadowtx.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a method, or every method of a class, from running in shadow traffic. Put it on the
 * side effects no guard can see: an SDK that sends e-mail, an S3 upload, a payment provider's
 * client library.
 * <p>
 * Live, the method runs as usual. In shadow (or synthetic) traffic it is not called; instead:
 * <ul>
 * <li>with a {@link #fallbackMethod()}, the fallback's result is returned;</li>
 * <li>else, a method returning {@code void}, {@code Optional}, {@code OptionalInt},
 * {@code OptionalLong} or {@code OptionalDouble} returns nothing or an empty value;</li>
 * <li>else, {@link dev.shadowtx.core.ShadowBlockedException} is raised.</li>
 * </ul>
 * Every decision is counted as {@code shadow.outbound} with {@code channel=method}
 * ({@code action=stub} for a fallback or empty value, {@code action=block} for the exception).
 * <p>
 * Enforced by Spring AOP on Spring beans called through their proxy (not on calls from inside the
 * same object), ahead of the transaction and caching interceptors, so a blocked method never
 * opens a transaction or fills a cache. On a class, it applies to every method the proxy
 * intercepts except {@code equals}, {@code hashCode}, {@code toString} and methods marked
 * {@link ShadowAware @ShadowAware}.
 *
 * @see ShadowAware
 * @see ShadowAnnotations
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface LiveOnly {

    /**
     * Name of a method of the same class to call instead in shadow traffic. It takes the same
     * parameters as the annotated method, optionally followed by one parameter to which a
     * {@link dev.shadowtx.core.ShadowBlockedException} can be assigned, and returns the annotated
     * method's return type (or a subtype) — the rules of resilience4j's {@code fallbackMethod}.
     * It may be private or static. A missing or mismatched fallback fails application startup.
     * @return the fallback method name; empty for none
     */
    String fallbackMethod() default "";
}
