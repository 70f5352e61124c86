package dev.shadowtx.async;

import java.util.concurrent.Executor;

import dev.shadowtx.core.ShadowTraffic;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Wraps a user's {@link AsyncConfigurer} so that the executor it returns for {@code @Async},
 * often built inline and so never seen as a bean, carries the shadow context too.
 */
final class ShadowAsyncConfigurer implements AsyncConfigurer {

	private final AsyncConfigurer delegate;

	ShadowAsyncConfigurer(AsyncConfigurer delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable Executor getAsyncExecutor() {
		Executor executor = this.delegate.getAsyncExecutor();
		if (executor == null) {
			return null;
		}
		if (ShadowTaskExecutorPostProcessor.isDecoratable(executor)) {
			return ShadowTaskExecutorPostProcessor.decorate(executor);
		}
		return ShadowTraffic.wrap(executor);
	}

	@Override
	public @Nullable AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
		return this.delegate.getAsyncUncaughtExceptionHandler();
	}

	AsyncConfigurer getDelegate() {
		return this.delegate;
	}

}
