package dev.shadowtx.audit;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.proxy.GuardProxies;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ClassUtils;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.ContextView;

/**
 * The reactive side of {@link UncoveredChannelMonitor}, loaded only when Reactor is present: a
 * publisher an uncovered channel answers is decided again when it is subscribed, from the
 * subscriber's Reactor context (where the WebFlux filter and {@code block()} put the shadow
 * context) or the subscribing thread, so that one assembled outside the shadow unit of work and
 * subscribed in it does not reach the channel.
 */
final class SubscribedCalls {

    private SubscribedCalls() {}

    /**
     * What the monitor does with a shadow subscription.
     */
    @FunctionalInterface
    interface ShadowUse {

        /**
         * Count a shadow subscription to the channel.
         * @param mode the shadow mode of the subscriber
         * @return the refusal to signal to the subscriber, or {@code null} to let it through
         */
        @Nullable
        ShadowBlockedException used(ShadowMode mode);
    }

    static boolean returnsPublisher(Method method) {
        return Publisher.class.isAssignableFrom(method.getReturnType());
    }

    /**
     * Return a publisher of the method's return type that decides each subscription.
     * @param method the method called, answering a publisher
     * @param result what it answered
     * @param shadowUse what a shadow subscription does
     * @return the deciding publisher, or {@code result} when the method's return type is a class
     *     that neither a {@code Mono} nor a {@code Flux} is, which no such publisher can stand for
     */
    static Object decided(Method method, Object result, ShadowUse shadowUse) {
        Class<?> declared = method.getReturnType();
        if (!(result instanceof Publisher<?> publisher)) {
            return result;
        }
        if (result instanceof Mono<?> mono && declared.isAssignableFrom(Mono.class)) {
            return Mono.deferContextual((view) -> {
                ShadowBlockedException refused = refusal(view, shadowUse);
                return (refused != null) ? Mono.error(refused) : mono;
            });
        }
        if (declared.isAssignableFrom(Flux.class)) {
            return Flux.deferContextual((view) -> {
                ShadowBlockedException refused = refusal(view, shadowUse);
                return (refused != null) ? Flux.error(refused) : Flux.from(publisher);
            });
        }
        if (declared.isInterface()) {
            ProxyFactory factory = new ProxyFactory(result);
            factory.setInterfaces(ClassUtils.getAllInterfacesForClass(
                    result.getClass(), result.getClass().getClassLoader()));
            factory.addAdvice((MethodInterceptor) (invocation) -> {
                @Nullable Object[] arguments = invocation.getArguments();
                if (invocation.getMethod().getName().equals("subscribe")
                        && arguments.length == 1
                        && arguments[0] instanceof Subscriber<?> subscriber) {
                    ShadowBlockedException refused = (subscriber instanceof CoreSubscriber<?> core)
                            ? refusal(core.currentContext(), shadowUse)
                            : refusal(null, shadowUse);
                    if (refused != null) {
                        Operators.error(subscriber, refused);
                        return null;
                    }
                }
                return invocation.proceed();
            });
            return GuardProxies.opaque(factory, result.getClass().getClassLoader());
        }
        return result;
    }

    private static @Nullable ShadowBlockedException refusal(@Nullable ContextView view, ShadowUse shadowUse) {
        ShadowContext context =
                (view != null && view.getOrDefault(ShadowContextAccessor.KEY, null) instanceof ShadowContext inView)
                        ? inView
                        : ShadowContextHolder.current();
        return (context != null) ? shadowUse.used(context.mode()) : null;
    }
}
