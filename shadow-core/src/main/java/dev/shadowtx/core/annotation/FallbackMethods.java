package dev.shadowtx.core.annotation;

import dev.shadowtx.core.ShadowBlockedException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the fallback named by {@link LiveOnly#fallbackMethod()} with resilience4j's rules: same
 * name, same parameters optionally followed by one parameter that accepts a
 * {@link ShadowBlockedException}, and a return type assignable to the original one. Declared on
 * the target class or a superclass, any visibility, static or not. When several match, the one
 * taking the most specific exception type wins, then the one without an exception parameter.
 */
final class FallbackMethods {

    private FallbackMethods() {}

    static Resolved resolve(String name, Method original, Class<?> targetClass) {
        Class<?>[] parameters = original.getParameterTypes();
        Method plain = null;
        Method withException = null;
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(
                targetClass, (method) -> method.getName().equals(name))) {
            if (!returns(candidate, original.getReturnType())) {
                continue;
            }
            Class<?>[] candidateParameters = candidate.getParameterTypes();
            if (Arrays.equals(candidateParameters, parameters)) {
                plain = candidate;
            } else if (takesException(candidateParameters, parameters)
                    && (withException == null
                            || moreSpecific(lastParameter(candidate), lastParameter(withException)))) {
                withException = candidate;
            }
        }
        boolean takesException = withException != null;
        Method chosen = takesException ? withException : plain;
        if (chosen == null) {
            throw new IllegalStateException("@LiveOnly on " + ShadowAnnotations.describe(original)
                    + " names fallbackMethod \"" + name + "\", but " + ClassUtils.getQualifiedName(targetClass)
                    + " has no method " + name + "(" + ShadowAnnotations.parameterList(parameters) + ") or " + name
                    + "(" + ShadowAnnotations.parameterList(parameters) + ((parameters.length > 0) ? ", " : "")
                    + "ShadowBlockedException) returning "
                    + original.getReturnType().getSimpleName());
        }
        ReflectionUtils.makeAccessible(chosen);
        return new Resolved(chosen, takesException);
    }

    private static boolean returns(Method candidate, Class<?> expected) {
        if (expected == void.class) {
            return candidate.getReturnType() == void.class;
        }
        return ClassUtils.isAssignable(expected, candidate.getReturnType());
    }

    private static boolean takesException(Class<?>[] candidate, Class<?>[] original) {
        return candidate.length == original.length + 1
                && Arrays.equals(candidate, 0, original.length, original, 0, original.length)
                && candidate[original.length].isAssignableFrom(ShadowBlockedException.class);
    }

    private static Class<?> lastParameter(Method method) {
        Class<?>[] types = method.getParameterTypes();
        return types[types.length - 1];
    }

    private static boolean moreSpecific(Class<?> candidate, @Nullable Class<?> current) {
        return current == null || (current != candidate && current.isAssignableFrom(candidate));
    }

    /**
     * A resolved fallback.
     * @param method the fallback method, made accessible
     * @param takesException whether the blocked exception is passed as the last argument
     */
    record Resolved(Method method, boolean takesException) {}
}
