package dev.shadowtx.core.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link LiveOnly @LiveOnly} and {@link ShadowAware @ShadowAware} the way Spring finds
 * {@code @Transactional}: on the most specific method first (including overridden and interface
 * methods), then on the class and its supertypes, meta-annotations included. Integrations that
 * apply a policy per listener or per method (the Kafka skip policy, for example) use it so that
 * every module reads the annotations identically.
 */
public final class ShadowAnnotations {

    private static final Map<Class<?>, Boolean> DECLARES_LIVE_ONLY = new ConcurrentReferenceHashMap<>(256);

    private ShadowAnnotations() {}

    /**
     * Find the {@code @LiveOnly} that applies to a method.
     * @param method the method, possibly declared by an interface
     * @param targetClass the class of the target object, or {@code null} to use the method's
     * declaring class
     * @return the annotation from the method or, unless the method is {@code @ShadowAware} or an
     * {@code equals}/{@code hashCode}/{@code toString} method, from its class; {@code null} when
     * neither carries one
     * @throws IllegalStateException when the method, or the class, is marked both
     * {@code @LiveOnly} and {@code @ShadowAware}
     */
    public static @Nullable LiveOnly findLiveOnly(Method method, @Nullable Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        LiveOnly onMethod = onMethod(specific, method, LiveOnly.class);
        boolean awareMethod = onMethod(specific, method, ShadowAware.class) != null;
        if (onMethod != null) {
            if (awareMethod) {
                throw new IllegalStateException(
                        describe(specific) + " is marked both @LiveOnly and @ShadowAware; keep one of them");
            }
            return onMethod;
        }
        if (awareMethod || isObjectMethod(specific)) {
            return null;
        }
        Class<?> type = (targetClass != null) ? targetClass : specific.getDeclaringClass();
        LiveOnly onClass = onClass(type, specific, method, LiveOnly.class);
        if (onClass != null && onClass(type, specific, method, ShadowAware.class) != null) {
            throw new IllegalStateException(
                    ClassUtils.getQualifiedName(type) + " is marked both @LiveOnly and @ShadowAware; keep one of them");
        }
        return onClass;
    }

    /**
     * Whether a method is declared shadow-aware, on itself or on its class.
     * @param method the method, for example a {@code @KafkaListener} method
     * @param targetClass the class of the target object, or {@code null} to use the method's
     * declaring class
     * @return {@code true} when {@code @ShadowAware} is on the method, an overridden or interface
     * method, the class or one of its supertypes
     */
    public static boolean isShadowAware(Method method, @Nullable Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (onMethod(specific, method, ShadowAware.class) != null) {
            return true;
        }
        Class<?> type = (targetClass != null) ? targetClass : specific.getDeclaringClass();
        return onClass(type, specific, method, ShadowAware.class) != null;
    }

    /**
     * Whether a class, or one of its supertypes, is declared shadow-aware.
     * @param type the class, for example a class-level {@code @KafkaListener}
     * @return {@code true} when {@code @ShadowAware} is on the class or a supertype
     */
    public static boolean isShadowAware(Class<?> type) {
        return AnnotatedElementUtils.hasAnnotation(type, ShadowAware.class);
    }

    /**
     * Whether {@code @LiveOnly} appears on a class, a supertype, or any of their methods: a cheap
     * test before looking method by method.
     * @param type the class
     * @return {@code true} when at least one method may be live-only
     */
    public static boolean hasLiveOnly(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(ClassUtils.getUserClass(type));
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (current == Object.class || !seen.add(current)) {
                continue;
            }
            if (AnnotationUtils.isCandidateClass(current, LiveOnly.class) && declaresLiveOnly(current)) {
                return true;
            }
            Class<?> superclass = current.getSuperclass();
            if (superclass != null) {
                pending.add(superclass);
            }
            Collections.addAll(pending, current.getInterfaces());
        }
        return false;
    }

    /**
     * Whether a class or interface itself, or one of the methods it declares, carries
     * {@code @LiveOnly}: asked once per type, however many beans share the type. Walking every
     * supertype with it finds what a search of each method's hierarchy finds ({@code @LiveOnly} is
     * never a meta-annotation), without searching the hierarchy again for every method of every
     * bean class at startup. The answers are kept the way Spring keeps its own per-class
     * annotation answers (a map that lets the classes go under memory pressure), which costs a
     * type less at its first question than a {@code ClassValue}.
     */
    private static boolean declaresLiveOnly(Class<?> type) {
        Boolean declares = DECLARES_LIVE_ONLY.get(type);
        if (declares == null) {
            declares = computeDeclaresLiveOnly(type);
            DECLARES_LIVE_ONLY.put(type, declares);
        }
        return declares;
    }

    private static boolean computeDeclaresLiveOnly(Class<?> type) {
        if (type.getDeclaredAnnotation(LiveOnly.class) != null) {
            return true;
        }
        for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
            if (!method.isBridge() && !method.isSynthetic() && method.getDeclaredAnnotation(LiveOnly.class) != null) {
                return true;
            }
        }
        return false;
    }

    static boolean isObjectMethod(Method method) {
        return method.getDeclaringClass() == Object.class
                || ReflectionUtils.isEqualsMethod(method)
                || ReflectionUtils.isHashCodeMethod(method)
                || ReflectionUtils.isToStringMethod(method);
    }

    static boolean isInterceptable(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && !method.isSynthetic();
    }

    static String describe(Method method) {
        return ClassUtils.getQualifiedMethodName(method) + "(" + parameterList(method.getParameterTypes()) + ")";
    }

    static String parameterList(Class<?>[] types) {
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            builder.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
        }
        return builder.toString();
    }

    private static <A extends Annotation> @Nullable A onMethod(Method specific, Method method, Class<A> type) {
        A annotation = AnnotatedElementUtils.findMergedAnnotation(specific, type);
        if (annotation == null && !specific.equals(method)) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
        }
        return annotation;
    }

    private static <A extends Annotation> @Nullable A onClass(
            Class<?> type, Method specific, Method method, Class<A> annotationType) {
        A annotation = AnnotatedElementUtils.findMergedAnnotation(type, annotationType);
        if (annotation == null && specific.getDeclaringClass() != type) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(specific.getDeclaringClass(), annotationType);
        }
        if (annotation == null && !method.equals(specific)) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), annotationType);
        }
        return annotation;
    }
}
