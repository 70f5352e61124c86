package dev.shadowtx.web;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.HeaderProbe;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.protection.ShadowBulkhead;
import dev.shadowtx.core.protection.ShadowRateLimiter;
import dev.shadowtx.core.protection.ShedReason;
import org.jspecify.annotations.Nullable;

/**
 * Decides what happens to one inbound request, the same way for every web stack: detect the
 * marker, apply the trust policy, the shadow rate limit and the bulkhead, and report each decision.
 * The servlet filter and the reactive web filter differ only in how they read a request, bind the
 * context and write a refusal; this class is the part where they must never differ.
 */
public final class ShadowAdmission {

    private final MarkerDetector detector;

    private final TrustPolicy trustPolicy;

    private final ShadowRecorder recorder;

    private final @Nullable ShadowBulkhead bulkhead;

    private final @Nullable ShadowRateLimiter rateLimiter;

    /**
     * Create an admission.
     * @param detector finds markers
     * @param trustPolicy decides who may mark
     * @param recorder where decisions are reported
     * @param bulkhead caps concurrent shadow requests, or {@code null} for no cap
     * @param rateLimiter caps the rate of shadow requests, or {@code null} for no limit
     */
    public ShadowAdmission(
            MarkerDetector detector,
            TrustPolicy trustPolicy,
            ShadowRecorder recorder,
            @Nullable ShadowBulkhead bulkhead,
            @Nullable ShadowRateLimiter rateLimiter) {
        this.detector = detector;
        this.trustPolicy = trustPolicy;
        this.recorder = recorder;
        this.bulkhead = bulkhead;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Decide on a request. An admitted shadow request may hold a bulkhead permit: give it back
     * exactly once with {@link #release(Decision)} when the request is over.
     * @param carrier the request
     * @return {@link Decision#LIVE} for an unmarked request (no allocation), else the shadow
     * context to bind or the problem to answer with
     */
    public Decision admit(MarkerCarrier carrier) {
        Detection detection = this.detector.detect(carrier);
        if (!detection.isMarked()) {
            return Decision.LIVE;
        }
        RejectionReason reason = this.trustPolicy.evaluate(detection, carrier).reason();
        if (reason != null) {
            this.recorder.markerRejected(reason);
            return new Decision(null, ShadowProblem.markerRejected(reason), false);
        }
        ShadowContext context = detection.toContext();
        ShadowRateLimiter limiter = this.rateLimiter;
        if (limiter != null && !limiter.tryAcquire()) {
            this.recorder.requestShed(context.mode(), ShedReason.RATE);
            return new Decision(null, ShadowProblem.rateExceeded(limiter.nanosUntilNextPermit()), false);
        }
        ShadowBulkhead bulkhead = this.bulkhead;
        if (bulkhead != null && !bulkhead.tryAcquire()) {
            this.recorder.requestShed(context.mode(), ShedReason.CAPACITY);
            return new Decision(null, ShadowProblem.capacityExceeded(), false);
        }
        if (detection.malformed()) {
            this.recorder.markerMalformed(context.source());
        }
        this.recorder.requestDetected(context.mode(), context.source());
        return new Decision(context, null, bulkhead != null);
    }

    /**
     * Whether a request may carry a marker, read through a probe before any carrier is made: when
     * {@code false}, {@link #admit} would return {@link Decision#LIVE}, so the request runs live
     * without being admitted. Only the detectors are asked; the trust policy judges marked
     * requests alone.
     * @param probe reads the request as its carrier would
     * @param request the request
     * @param <M> the type of request
     * @return {@code false} when the request is surely unmarked
     */
    public <M> boolean mayBeMarked(HeaderProbe<M> probe, M request) {
        return this.detector.mayDetect(probe, request);
    }

    /**
     * Return how much of a marked request's body the trust policy reads to compare it with a
     * signed body digest header.
     * @return the most bytes read, or a negative number when no body is compared
     */
    public long bodyDigestMaxSize() {
        return this.trustPolicy.bodyDigestMaxSize();
    }

    /**
     * Whether a request's body must be read before it is judged: the trust policy compares
     * bodies with their signed digest, and the request is marked and carries that digest.
     * Unmarked requests are never read.
     * @param carrier the request
     * @return {@code true} when the body must be read first
     */
    public boolean readsBodyOf(MarkerCarrier carrier) {
        return this.trustPolicy.bodyDigestMaxSize() >= 0
                && carrier.hasHeader(MarkerSignature.BODY_DIGEST_HEADER)
                && this.detector.detect(carrier).isMarked();
    }

    /**
     * Give back the bulkhead permit an admitted request holds, if any. Call it exactly once per
     * admitted request.
     * @param decision the decision of that request
     */
    public void release(Decision decision) {
        ShadowBulkhead bulkhead = this.bulkhead;
        if (decision.permitTaken && bulkhead != null) {
            bulkhead.release();
        }
    }

    /**
     * What to do with one request: run it live, run it with a shadow context, or refuse it.
     */
    public static final class Decision {

        /**
         * An unmarked request: it runs live.
         */
        public static final Decision LIVE = new Decision(null, null, false);

        private final @Nullable ShadowContext context;

        private final @Nullable ShadowProblem problem;

        private final boolean permitTaken;

        private Decision(@Nullable ShadowContext context, @Nullable ShadowProblem problem, boolean permitTaken) {
            this.context = context;
            this.problem = problem;
            this.permitTaken = permitTaken;
        }

        /**
         * Return the context to bind for the whole request.
         * @return the context of an admitted shadow request, {@code null} when live or refused
         */
        public @Nullable ShadowContext context() {
            return this.context;
        }

        /**
         * Return the answer with which the request is refused, before the application sees it.
         * @return the problem of a refused request, {@code null} when live or admitted
         */
        public @Nullable ShadowProblem problem() {
            return this.problem;
        }

        /**
         * Whether the request holds a bulkhead permit to give back when it is over.
         * @return {@code true} when a permit was taken
         */
        public boolean permitTaken() {
            return this.permitTaken;
        }
    }
}
