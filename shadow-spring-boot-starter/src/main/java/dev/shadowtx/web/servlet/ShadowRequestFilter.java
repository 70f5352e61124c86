package dev.shadowtx.web.servlet;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.protection.ShadowBulkhead;
import dev.shadowtx.core.protection.ShadowRateLimiter;
import dev.shadowtx.web.ShadowAdmission;
import dev.shadowtx.web.ShadowProblem;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Detects the shadow marker of each inbound request, applies the trust policy, and binds the
 * {@link ShadowContext} for the whole request, clearing it in every case when the request ends.
 * <ul>
 * <li>An unmarked request runs with no context, even if a stale one was left on the thread.</li>
 * <li>A marked request from a trusted sender runs with the context bound (and the MDC key
 * {@code shadow} set).</li>
 * <li>A marked request from an untrusted sender is answered with 403
 * {@code application/problem+json} and never reaches the application: it is never treated as live.</li>
 * <li>A marked request over the shadow rate limit (with {@code Retry-After}) or over the shadow
 * bulkhead's cap is answered at once with 503 {@code application/problem+json}; live requests
 * never pass through either.</li>
 * </ul>
 * The decision is taken once, on the first dispatch, and reused for the ASYNC and ERROR
 * dispatches of the same request.
 */
public class ShadowRequestFilter extends OncePerRequestFilter {

    /**
     * Order of the filter: before the observation filter and Spring Security.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /**
     * Request attribute that holds the bound {@link ShadowContext} of a marked request.
     */
    public static final String CONTEXT_ATTRIBUTE = ShadowRequestFilter.class.getName() + ".context";

    private final ShadowAdmission admission;

    private volatile @Nullable String alreadyFilteredAttributeName;

    /**
     * Create a filter with no cap on concurrent shadow requests.
     * @param detector finds markers
     * @param trustPolicy decides who may mark
     * @param recorder where decisions are reported
     */
    public ShadowRequestFilter(MarkerDetector detector, TrustPolicy trustPolicy, ShadowRecorder recorder) {
        this(detector, trustPolicy, recorder, null, null);
    }

    /**
     * Create a filter.
     * @param detector finds markers
     * @param trustPolicy decides who may mark
     * @param recorder where decisions are reported
     * @param bulkhead caps concurrent shadow requests (those over it get 503), or {@code null} for no cap
     * @param rateLimiter caps the rate of shadow requests (those over it get 503), or {@code null}
     * for no limit
     */
    public ShadowRequestFilter(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ShadowRecorder recorder,
            @Nullable ShadowBulkhead bulkhead,
            @Nullable ShadowRateLimiter rateLimiter) {
        this(new ShadowAdmission(detector, trustPolicy, recorder, bulkhead, rateLimiter));
    }

    /**
     * Create a filter that decides with an admission shared with other filters.
     * @param admission decides on each request
     */
    public ShadowRequestFilter(ShadowAdmission admission) {
        this.admission = admission;
    }

    /**
     * Compute the already-filtered attribute name once, when the container initialises the
     * filter: Spring derives it from the filter name on every request, which would cost every live
     * request a string.
     */
    @Override
    protected void initFilterBean() throws ServletException {
        super.initFilterBean();
        this.alreadyFilteredAttributeName = super.getAlreadyFilteredAttributeName();
    }

    @Override
    protected String getAlreadyFilteredAttributeName() {
        String name = this.alreadyFilteredAttributeName;
        return (name != null) ? name : super.getAlreadyFilteredAttributeName();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /**
     * A request that carries no marker, on a thread with no shadow context, is live: it goes down the
     * chain at once, without the already-filtered attribute {@link OncePerRequestFilter} would set
     * and remove (Tomcat copies its attribute listeners on each), which a live request never needs:
     * its decision is the same on every dispatch.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(CONTEXT_ATTRIBUTE) == null
                && !ShadowContextHolder.isShadow()
                && !this.admission.mayBeMarked(ServletMarkerCarrier.PROBE, request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ShadowContext context = (ShadowContext) request.getAttribute(CONTEXT_ATTRIBUTE);
        ShadowAdmission.Decision decision = null;
        if (context == null && this.admission.mayBeMarked(ServletMarkerCarrier.PROBE, request)) {
            ServletMarkerCarrier carrier = new ServletMarkerCarrier(request, this.admission.bodyDigestMaxSize());
            decision = this.admission.admit(carrier);
            request = carrier.request();
            ShadowProblem problem = decision.problem();
            if (problem != null) {
                ProblemResponses.write(response, problem);
                return;
            }
            context = decision.context();
            if (context != null) {
                request.setAttribute(CONTEXT_ATTRIBUTE, context);
            }
        }
        if (context == null && !ShadowContextHolder.isShadow()) {
            chain.doFilter(request, response);
            return;
        }
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(context)) {
            chain.doFilter(request, response);
        } finally {
            if (decision != null && decision.permitTaken()) {
                releaseWhenDone(request, decision);
            }
        }
    }

    /**
     * Give the bulkhead permit back when the request is over: now, or when its async processing ends.
     */
    private void releaseWhenDone(HttpServletRequest request, ShadowAdmission.Decision decision) {
        if (!request.isAsyncStarted()) {
            this.admission.release(decision);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        request.getAsyncContext().addListener(new AsyncListener() {

            @Override
            public void onComplete(AsyncEvent event) {
                release();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                release();
            }

            @Override
            public void onError(AsyncEvent event) {
                release();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }

            private void release() {
                if (released.compareAndSet(false, true)) {
                    ShadowRequestFilter.this.admission.release(decision);
                }
            }
        });
    }
}
