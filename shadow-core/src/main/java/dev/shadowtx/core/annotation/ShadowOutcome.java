package dev.shadowtx.core.annotation;

import dev.shadowtx.core.ShadowBlockedException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code @LiveOnly} method does in shadow traffic, resolved once per method and target
 * class: call a fallback, return an empty value, or raise {@link ShadowBlockedException}.
 */
abstract sealed class ShadowOutcome {

    private static final Object NO_EMPTY_VALUE = new Object();

    abstract boolean guarded();

    /**
     * Return the counter action, {@code stub} or {@code block}.
     */
    abstract String action();

    abstract @Nullable Object apply(
            @Nullable Object target, @Nullable Object[] arguments, ShadowBlockedException blocked) throws Throwable;

    static ShadowOutcome resolve(LiveOnly liveOnly, Method method, Class<?> targetClass) {
        String fallbackName = liveOnly.fallbackMethod().strip();
        if (!fallbackName.isEmpty()) {
            return new Fallback(FallbackMethods.resolve(fallbackName, method, targetClass));
        }
        Object empty = emptyValue(method.getReturnType());
        return (empty != NO_EMPTY_VALUE) ? new Empty(empty) : Block.INSTANCE;
    }

    private static @Nullable Object emptyValue(Class<?> returnType) {
        if (returnType == void.class || returnType == Void.class) {
            return null;
        }
        if (returnType == Optional.class) {
            return Optional.empty();
        }
        if (returnType == OptionalInt.class) {
            return OptionalInt.empty();
        }
        if (returnType == OptionalLong.class) {
            return OptionalLong.empty();
        }
        if (returnType == OptionalDouble.class) {
            return OptionalDouble.empty();
        }
        return NO_EMPTY_VALUE;
    }

    static final class NotGuarded extends ShadowOutcome {

        static final NotGuarded INSTANCE = new NotGuarded();

        @Override
        boolean guarded() {
            return false;
        }

        @Override
        String action() {
            return "none";
        }

        @Override
        @Nullable
        Object apply(@Nullable Object target, @Nullable Object[] arguments, ShadowBlockedException blocked) {
            throw new IllegalStateException("not guarded");
        }
    }

    static final class Block extends ShadowOutcome {

        static final Block INSTANCE = new Block();

        @Override
        boolean guarded() {
            return true;
        }

        @Override
        String action() {
            return "block";
        }

        @Override
        @Nullable
        Object apply(@Nullable Object target, @Nullable Object[] arguments, ShadowBlockedException blocked) {
            throw blocked;
        }
    }

    static final class Empty extends ShadowOutcome {

        private final @Nullable Object value;

        Empty(@Nullable Object value) {
            this.value = value;
        }

        @Override
        boolean guarded() {
            return true;
        }

        @Override
        String action() {
            return "stub";
        }

        @Override
        @Nullable
        Object apply(@Nullable Object target, @Nullable Object[] arguments, ShadowBlockedException blocked) {
            return this.value;
        }
    }

    static final class Fallback extends ShadowOutcome {

        private final FallbackMethods.Resolved fallback;

        Fallback(FallbackMethods.Resolved fallback) {
            this.fallback = fallback;
        }

        @Override
        boolean guarded() {
            return true;
        }

        @Override
        String action() {
            return "stub";
        }

        @Override
        @Nullable
        Object apply(@Nullable Object target, @Nullable Object[] arguments, ShadowBlockedException blocked)
                throws Throwable {
            Method method = this.fallback.method();
            Object[] fallbackArguments = arguments;
            if (this.fallback.takesException()) {
                fallbackArguments = new Object[arguments.length + 1];
                System.arraycopy(arguments, 0, fallbackArguments, 0, arguments.length);
                fallbackArguments[arguments.length] = blocked;
            }
            try {
                return method.invoke(target, fallbackArguments);
            } catch (InvocationTargetException ex) {
                throw ex.getTargetException();
            }
        }

        Method method() {
            return this.fallback.method();
        }
    }
}
