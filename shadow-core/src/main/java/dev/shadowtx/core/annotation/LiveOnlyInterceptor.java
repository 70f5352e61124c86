package dev.shadowtx.core.annotation;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/**
 * Enforces {@link LiveOnly @LiveOnly}: calls the method when live; in shadow traffic, returns the
 * fallback's result or an empty value, or raises {@link ShadowBlockedException}, and reports the
 * decision. The live path costs one thread-local read.
 */
public final class LiveOnlyInterceptor implements MethodInterceptor {

    /**
     * Channel reported for blocked and stubbed methods.
     */
    public static final String CHANNEL = "method";

    private static final Log logger = LogFactory.getLog(LiveOnlyInterceptor.class);

    private final Supplier<ShadowRecorder> recorder;

    private final Map<MethodClassKey, ShadowOutcome> outcomes = new ConcurrentHashMap<>();

    /**
     * Create an interceptor.
     * @param recorder where to report blocked and stubbed calls; resolved on first use
     */
    public LiveOnlyInterceptor(Supplier<ShadowRecorder> recorder) {
        this.recorder = recorder;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        if (!ShadowContextHolder.isShadow()) {
            return invocation.proceed();
        }
        Object target = invocation.getThis();
        Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
        Method method = invocation.getMethod();
        ShadowOutcome outcome = outcome(method, targetClass);
        if (!outcome.guarded()) {
            return invocation.proceed();
        }
        String description = ClassUtils.getQualifiedMethodName(method, targetClass);
        ShadowBlockedException blocked = new ShadowBlockedException(CHANNEL, description);
        this.recorder.get().outboundDecision(CHANNEL, outcome.action(), description);
        if (logger.isDebugEnabled()) {
            logger.debug("Shadow traffic: @LiveOnly " + description + " not called (" + outcome.action() + ")");
        }
        return outcome.apply(target, invocation.getArguments(), blocked);
    }

    /**
     * Whether a method of a target class is live-only. Resolves (and caches) its fallback, so an
     * invalid one fails here.
     * @param method the method
     * @param targetClass the target class, or {@code null} when unknown
     * @return {@code true} when the interceptor keeps the method from running in shadow
     * @throws IllegalStateException when the annotations are contradictory or the fallback is
     * missing or mismatched
     */
    public boolean isLiveOnly(Method method, @Nullable Class<?> targetClass) {
        return outcome(method, targetClass).guarded();
    }

    ShadowOutcome outcome(Method method, @Nullable Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        ShadowOutcome outcome = this.outcomes.get(key);
        if (outcome == null) {
            outcome = resolve(method, targetClass);
            this.outcomes.putIfAbsent(key, outcome);
        }
        return outcome;
    }

    private static ShadowOutcome resolve(Method method, @Nullable Class<?> targetClass) {
        LiveOnly liveOnly = ShadowAnnotations.findLiveOnly(method, targetClass);
        if (liveOnly == null) {
            return ShadowOutcome.NotGuarded.INSTANCE;
        }
        Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
        return ShadowOutcome.resolve(liveOnly, AopUtils.getMostSpecificMethod(method, type), type);
    }
}
