package dev.shadowtx.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a method, or every method of a class, handles shadow traffic correctly on its
 * own, so a policy that would otherwise keep shadow work away from it does not.
 * <ul>
 * <li>On a Kafka listener: the listener receives shadow records even when
 * {@code shadow.kafka.consumer.skip-shadow-records=true}.</li>
 * <li>On a method of a class marked {@link LiveOnly @LiveOnly}: that method runs in shadow
 * traffic.</li>
 * </ul>
 * It disables no guard: transactions still roll back, JDBC still never commits, outbound calls
 * still follow their destination policy. Putting both annotations on one method is an error.
 *
 * @see ShadowAnnotations#isShadowAware(java.lang.reflect.Method, Class)
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ShadowAware {}
