package dev.shadowtx.core.annotation;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The Spring AOP advisor of {@link LiveOnly @LiveOnly}: any auto-proxy creator (the one of
 * {@code @EnableTransactionManagement}, of Spring Boot's AOP support, or
 * {@code @EnableAspectJAutoProxy}) applies it to the beans that carry the annotation. No AspectJ
 * weaving is needed.
 * <p>
 * Its {@link #DEFAULT_ORDER order} puts it outside the transaction and caching
 * interceptors (which default to the lowest precedence): a blocked method opens no transaction and
 * its fallback result never lands in a cache that live traffic reads.
 * <p>
 * Fallback methods are checked when a bean is proxied, so a missing or mismatched fallback fails
 * startup rather than the first shadow request.
 */
public final class LiveOnlyAdvisor extends AbstractPointcutAdvisor {

    /**
     * Default order: ahead of interceptors that use {@link Ordered#LOWEST_PRECEDENCE}, such as
     * {@code @Transactional} and {@code @Cacheable}, and of Spring Security's method security.
     */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final LiveOnlyInterceptor interceptor;

    private final Pointcut pointcut;

    /**
     * Create an advisor.
     * @param recorder where to report blocked and stubbed calls; resolved on first use
     */
    public LiveOnlyAdvisor(Supplier<ShadowRecorder> recorder) {
        this.interceptor = new LiveOnlyInterceptor(recorder);
        this.pointcut = new LiveOnlyPointcut(this.interceptor);
        setOrder(DEFAULT_ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this.interceptor;
    }

    /**
     * Matches the methods {@link LiveOnlyInterceptor} guards, validating every fallback of a
     * class the first time the class is seen.
     */
    private static final class LiveOnlyPointcut extends StaticMethodMatcherPointcut {

        private final LiveOnlyInterceptor interceptor;

        private final Map<Class<?>, Boolean> candidates = new ConcurrentHashMap<>();

        LiveOnlyPointcut(LiveOnlyInterceptor interceptor) {
            this.interceptor = interceptor;
            setClassFilter(this::isCandidate);
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return this.interceptor.isLiveOnly(method, targetClass);
        }

        private boolean isCandidate(Class<?> type) {
            Boolean candidate = this.candidates.get(type);
            if (candidate == null) {
                candidate =
                        AnnotationUtils.isCandidateClass(type, LiveOnly.class) && ShadowAnnotations.hasLiveOnly(type);
                if (candidate) {
                    validate(type);
                }
                this.candidates.put(type, candidate);
            }
            return candidate;
        }

        private void validate(Class<?> type) {
            for (Method method :
                    ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
                if (ShadowAnnotations.isInterceptable(method)) {
                    this.interceptor.isLiveOnly(method, type);
                }
            }
        }
    }
}
