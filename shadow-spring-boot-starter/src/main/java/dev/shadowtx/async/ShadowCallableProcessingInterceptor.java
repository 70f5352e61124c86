package dev.shadowtx.async;

import dev.shadowtx.core.context.ShadowContextSnapshots;
import io.micrometer.context.ContextSnapshot;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Carries the shadow context of a Spring MVC request into the thread that runs its
 * {@code Callable}, {@code WebAsyncTask} or {@code StreamingResponseBody}, whatever executor Spring
 * MVC uses: Boot's {@code applicationTaskExecutor}, the executor of a {@code WebAsyncTask}, or
 * Spring MVC's own fallback {@code SimpleAsyncTaskExecutor}, which is not a bean and so cannot be
 * decorated. The context is captured on the request thread and bound around the callable only.
 */
public final class ShadowCallableProcessingInterceptor implements CallableProcessingInterceptor {

    static final String SNAPSHOT_ATTRIBUTE = ShadowCallableProcessingInterceptor.class.getName() + ".snapshot";

    private static final ThreadLocal<ContextSnapshot.@Nullable Scope> SCOPE = new ThreadLocal<>();

    @Override
    public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
        request.setAttribute(SNAPSHOT_ATTRIBUTE, ShadowContextSnapshots.capture(), RequestAttributes.SCOPE_REQUEST);
    }

    @Override
    public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
        Object snapshot = request.getAttribute(SNAPSHOT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (snapshot instanceof ContextSnapshot contextSnapshot) {
            SCOPE.set(contextSnapshot.setThreadLocals());
        }
    }

    @Override
    public <T> void postProcess(NativeWebRequest request, Callable<T> task, @Nullable Object concurrentResult) {
        ContextSnapshot.Scope bound = SCOPE.get();
        if (bound != null) {
            SCOPE.remove();
            bound.close();
        }
    }
}
