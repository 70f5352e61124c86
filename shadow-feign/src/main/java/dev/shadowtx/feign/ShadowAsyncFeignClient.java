package dev.shadowtx.feign;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundPolicy;
import feign.AsyncClient;
import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The shadow policy on an {@code AsyncFeign} client: a live call goes to the asynchronous client
 * untouched; a shadow call is decided by {@link ShadowFeignClient} on the calling thread (where
 * {@code AsyncFeign} hands the request to its client, and where the shadow context is), which
 * blocks, stubs, reroutes or propagates it exactly as for a synchronous client and waits for its
 * answer, so that the redirects of a shadow call are decided one by one. A refused call completes
 * the returned future with the {@code ShadowBlockedException}.
 */
final class ShadowAsyncFeignClient implements AsyncClient<Object> {

    private final AsyncClient<Object> delegate;

    private final OutboundPolicy policy;

    ShadowAsyncFeignClient(AsyncClient<Object> delegate, OutboundPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public CompletableFuture<Response> execute(
            Request request, Request.Options options, Optional<Object> requestContext) {
        if (ShadowContextHolder.current() == null) {
            return this.delegate.execute(request, options, requestContext);
        }
        Client waiting =
                (decided, decidedOptions) -> waitFor(this.delegate.execute(decided, decidedOptions, requestContext));
        try {
            return CompletableFuture.completedFuture(
                    new ShadowFeignClient(waiting, waiting, this.policy).execute(request, options));
        } catch (IOException | RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static Response waitFor(CompletableFuture<Response> answer) throws IOException {
        try {
            return answer.join();
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof IOException io) {
                throw io;
            }
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(ex.getCause()));
        }
    }

    AsyncClient<Object> getDelegate() {
        return this.delegate;
    }
}
