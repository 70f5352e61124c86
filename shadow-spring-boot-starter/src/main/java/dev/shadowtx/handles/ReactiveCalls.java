package dev.shadowtx.handles;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.ContextView;

/**
 * The reactive side of {@link GuardedHandles}, loaded only when Reactor is present: a call that
 * answers a publisher is decided when that publisher is subscribed, from the subscriber's Reactor
 * context (where the WebFlux filter and {@code block()} put the shadow context) or its thread,
 * and from the thread that made the call.
 */
final class ReactiveCalls {

    private ReactiveCalls() {}

    static boolean returnsPublisher(Method method) {
        return Publisher.class.isAssignableFrom(method.getReturnType());
    }

    static boolean isSubscribe(Method method, @Nullable Object[] arguments) {
        return method.getName().equals("subscribe") && arguments.length == 1 && arguments[0] instanceof Subscriber;
    }

    /**
     * Return a publisher of the call's type that, once subscribed, refuses a shadow subscriber
     * with the error of {@code blocked} and otherwise makes the call and relays what it answers.
     * @param method the method called, answering a publisher
     * @param caller the shadow context of the calling thread
     * @param blocked the refusal, counted when made
     * @param call makes the call
     * @return the deferred publisher, or {@code null} when the method answers a publisher type
     *     that neither a {@code Mono} nor a {@code Flux} is
     */
    static @Nullable Object deferred(
            Method method,
            @Nullable ShadowContext caller,
            Supplier<ShadowBlockedException> blocked,
            Supplier<@Nullable Object> call) {
        Class<?> type = method.getReturnType();
        if (type == Mono.class) {
            return Mono.deferContextual(
                    (view) -> isShadow(view, caller) ? Mono.error(blocked.get()) : Mono.from(publisher(call)));
        }
        if (type.isAssignableFrom(Flux.class)) {
            return Flux.deferContextual(
                    (view) -> isShadow(view, caller) ? Flux.error(blocked.get()) : Flux.from(publisher(call)));
        }
        return null;
    }

    private static Publisher<?> publisher(Supplier<@Nullable Object> call) {
        Object answer = call.get();
        return (answer instanceof Publisher<?> publisher) ? publisher : Mono.empty();
    }

    static boolean isShadow(Object subscriber, @Nullable ShadowContext caller) {
        if (subscriber instanceof CoreSubscriber<?> core) {
            return isShadow(core.currentContext(), caller);
        }
        return caller != null || ShadowContextHolder.current() != null;
    }

    private static boolean isShadow(ContextView view, @Nullable ShadowContext caller) {
        return caller != null
                || view.getOrDefault(ShadowContextAccessor.KEY, null) instanceof ShadowContext
                || ShadowContextHolder.current() != null;
    }

    static void refuse(Object subscriber, ShadowBlockedException blocked) {
        Operators.error((Subscriber<?>) subscriber, blocked);
    }

    /**
     * Guard what an accessor's {@code Mono} or {@code Flux} emits.
     * @param result what the accessor answered
     * @param guard guards an emitted value when it is a handle
     * @return the mapped publisher, or {@code result} when it is no {@code Mono} or {@code Flux}
     */
    static Object mapEmitted(Object result, UnaryOperator<Object> guard) {
        if (result instanceof Mono<?> mono) {
            return mono.map(guard);
        }
        if (result instanceof Flux<?> flux) {
            return flux.map(guard);
        }
        return result;
    }
}
