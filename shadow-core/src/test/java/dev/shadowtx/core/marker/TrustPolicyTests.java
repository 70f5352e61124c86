package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustPolicyTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static final long NOW = 1_790_000_000L;

    private static final Detection SHADOW = new Detection(ShadowMode.SHADOW, MarkerSource.HEADER, false);

    private static final Detection SYNTHETIC = new Detection(ShadowMode.SYNTHETIC, MarkerSource.HEADER, false);

    private final MutableClock clock = new MutableClock(NOW);

    private final MarkerSignature codec = new MarkerSignature(SECRET);

    private final SignedMarkerPolicy signed = signedPolicy(new SignatureReplayCache(1_000), false);

    @Test
    void anyTrustsEveryone() {
        assertThat(TrustPolicy.ANY
                        .evaluate(SHADOW, TestCarrier.request().from("203.0.113.9"))
                        .isTrusted())
                .isTrue();
    }

    @ParameterizedTest(name = "[{index}] peer {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			10.1.2.3          | TRUSTED
			10.255.0.1        | TRUSTED
			11.0.0.1          | untrusted-peer
			::1               | TRUSTED
			::2               | untrusted-peer
			::ffff:10.9.9.9   | TRUSTED
			fd00::17          | TRUSTED
			203.0.113.9       | untrusted-peer
			null              | untrusted-peer
			unknown           | untrusted-peer
			""")
    void trustedProxiesChecksThePeer(@Nullable String peer, String expected) {
        TrustedProxiesPolicy policy = new TrustedProxiesPolicy(
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("fd00::/8")));
        TrustDecision decision = policy.evaluate(SHADOW, TestCarrier.request().from(peer));
        assertThat(decision.isTrusted() ? "TRUSTED" : decision.reason().code()).isEqualTo(expected);
    }

    @Test
    void trustedProxiesIgnoresForwardedHeaders() {
        TrustedProxiesPolicy policy = new TrustedProxiesPolicy(List.of(Cidr.parse("10.0.0.0/8")));
        TrustDecision decision = policy.evaluate(
                SHADOW,
                TestCarrier.request()
                        .from("203.0.113.9")
                        .header("X-Forwarded-For", "10.0.0.1")
                        .header("Forwarded", "for=10.0.0.1"));
        assertThat(decision.reason()).isEqualTo(RejectionReason.UNTRUSTED_PEER);
    }

    @Test
    void trustedProxiesNeedsARange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxiesPolicy(List.of()));
    }

    @Test
    void signedAcceptsAFreshSignatureForThisRequest() {
        String signature = this.codec.sign(ShadowMode.SYNTHETIC, NOW - 10, "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SYNTHETIC, signature).isTrusted()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] signed {0} seconds from now -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
			0    | TRUSTED
			-30  | TRUSTED
			5    | TRUSTED
			-31  | expired-signature
			6    | expired-signature
			30   | expired-signature
			-86400 | expired-signature
			""")
    void signedEnforcesTheClockSkewAndATighterFutureSkew(long offset, String expected) {
        String signature = this.codec.sign(ShadowMode.SHADOW, NOW + offset, "POST", "/orders?id=7", null);
        TrustDecision decision = evaluateSigned(SHADOW, signature);
        assertThat(decision.isTrusted() ? "TRUSTED" : decision.reason().code()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] signed for {0} {1} digest {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			GET  | /orders?id=7  | null
			POST | /orders?id=8  | null
			POST | /orders       | null
			POST | /orders?id=7& | null
			POST | /refunds?id=7 | null
			post | /orders?id=7  | null
			POST | /orders?id=7  | sha-256=AAAA
			""")
    void signatureForAnotherRequestIsRefused(String method, String target, @Nullable String digest) {
        String signature = this.codec.sign(ShadowMode.SHADOW, NOW, method, target, digest);
        assertThat(evaluateSigned(SHADOW, signature).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void bodyDigestHeaderIsCoveredWhenSent() {
        String digest = MarkerSignature.bodyDigest("{\"id\":7}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String signature = this.codec.sign(ShadowMode.SYNTHETIC, NOW, "POST", "/orders?id=7", digest);
        TestCarrier request = request(signature).header(MarkerSignature.BODY_DIGEST_HEADER, digest);
        assertThat(this.signed.evaluate(SYNTHETIC, request).isTrusted()).isTrue();
        String other = this.codec.sign(ShadowMode.SYNTHETIC, NOW, "POST", "/orders?id=7", digest);
        TestCarrier swapped =
                request(other).header(MarkerSignature.BODY_DIGEST_HEADER, MarkerSignature.bodyDigest(new byte[] {1}));
        assertThat(this.signed.evaluate(SYNTHETIC, swapped).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void bodyMatchingTheSignedDigestIsTrustedAndAnyOtherBodyIsRefused() {
        String digest = MarkerSignature.bodyDigest("{\"id\":7}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TestCarrier matching = request(this.codec.sign(ShadowMode.SYNTHETIC, NOW, "POST", "/orders?id=7", digest))
                .header(MarkerSignature.BODY_DIGEST_HEADER, digest)
                .body(digest);
        assertThat(this.signed.evaluate(SYNTHETIC, matching).isTrusted()).isTrue();
        TestCarrier swapped = request(this.codec.sign(ShadowMode.SYNTHETIC, NOW, "POST", "/orders?id=7", digest))
                .header(MarkerSignature.BODY_DIGEST_HEADER, digest)
                .body(MarkerSignature.bodyDigest(new byte[] {1}));
        assertThat(this.signed.evaluate(SYNTHETIC, swapped).reason()).isEqualTo(RejectionReason.BODY_DIGEST_MISMATCH);
        TestCarrier large = request(this.codec.sign(ShadowMode.SYNTHETIC, NOW, "POST", "/orders?id=7", digest))
                .header(MarkerSignature.BODY_DIGEST_HEADER, digest)
                .body(MarkerCarrier.BODY_TOO_LARGE);
        assertThat(this.signed.evaluate(SYNTHETIC, large).reason()).isEqualTo(RejectionReason.BODY_TOO_LARGE);
        assertThat(RejectionReason.BODY_DIGEST_MISMATCH.code()).isEqualTo("body-digest-mismatch");
        assertThat(RejectionReason.BODY_TOO_LARGE.code()).isEqualTo("body-too-large");
    }

    @Test
    void bodyDigestIsComparedOnlyByPoliciesThatSayHowMuchOfABodyTheyRead() {
        assertThat(this.signed.bodyDigestMaxSize()).isEqualTo(SignedMarkerPolicy.DEFAULT_BODY_DIGEST_MAX_SIZE);
        assertThat(TrustPolicy.ANY.bodyDigestMaxSize()).isNegative();
        assertThat(MarkerCarrier.EMPTY.bodyDigest()).isNull();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SignedMarkerPolicy(
                        this.codec,
                        MarkerSignature.DEFAULT_HEADER,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        new SignatureReplayCache(10),
                        false,
                        this.clock,
                        -1));
    }

    @Test
    void signatureIsGoodForOneRequestOnly() {
        String signature = this.codec.sign(ShadowMode.SHADOW, NOW, "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SHADOW, signature).isTrusted()).isTrue();
        assertThat(evaluateSigned(SHADOW, signature).reason()).isEqualTo(RejectionReason.REPLAYED_SIGNATURE);
        this.clock.advance(29);
        assertThat(evaluateSigned(SHADOW, signature).reason()).isEqualTo(RejectionReason.REPLAYED_SIGNATURE);
        assertThat(evaluateSigned(SHADOW, this.codec.sign(ShadowMode.SHADOW, NOW, "POST", "/orders?id=7", null))
                        .isTrusted())
                .isTrue();
    }

    @Test
    void fullReplayCacheRefusesNewSignaturesUntilItsEntriesExpire() {
        SignatureReplayCache cache = new SignatureReplayCache(2);
        SignedMarkerPolicy policy = signedPolicy(cache, false);
        for (int i = 0; i < 2; i++) {
            String signature = this.codec.sign(ShadowMode.SHADOW, NOW, "GET", "/probe/" + i, null);
            assertThat(policy.evaluate(SHADOW, request(signature, "GET", "/probe/" + i))
                            .isTrusted())
                    .isTrue();
        }
        String third = this.codec.sign(ShadowMode.SHADOW, NOW, "GET", "/probe/3", null);
        assertThat(policy.evaluate(SHADOW, request(third, "GET", "/probe/3")).reason())
                .isEqualTo(RejectionReason.REPLAY_CACHE_FULL);
        assertThat(cache.size()).isEqualTo(2);
        this.clock.advance(31);
        String later = this.codec.sign(ShadowMode.SHADOW, NOW + 31, "GET", "/probe/3", null);
        assertThat(policy.evaluate(SHADOW, request(later, "GET", "/probe/3")).isTrusted())
                .isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("deprecation")
    void legacySignatureIsRefusedUnlessAcceptedExplicitly() {
        String legacy = this.codec.signLegacy(ShadowMode.SHADOW, NOW);
        assertThat(legacy).doesNotContain("v=").doesNotContain("n=");
        assertThat(evaluateSigned(SHADOW, legacy).reason()).isEqualTo(RejectionReason.LEGACY_SIGNATURE);
        SignedMarkerPolicy accepting = signedPolicy(new SignatureReplayCache(1), true);
        assertThat(accepting.evaluate(SHADOW, request(legacy)).isTrusted()).isTrue();
        assertThat(accepting.evaluate(SHADOW, request(legacy)).isTrusted()).isTrue();
        assertThat(accepting.evaluate(SYNTHETIC, request(legacy)).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(accepting
                        .evaluate(SHADOW, request(this.codec.signLegacy(ShadowMode.SHADOW, NOW - 31)))
                        .reason())
                .isEqualTo(RejectionReason.EXPIRED_SIGNATURE);
    }

    @Test
    void signatureForAnotherModeIsRefused() {
        String signature = this.codec.sign(ShadowMode.SHADOW, NOW, "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SYNTHETIC, signature).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void signatureWithAnotherSecretIsRefused() {
        String signature = new MarkerSignature("another-secret-another-secret-xx")
                .sign(ShadowMode.SHADOW, NOW, "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SHADOW, signature).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void tamperedTimestampOrNonceIsRefused() {
        String signature = this.codec.sign(ShadowMode.SHADOW, NOW - 3600, "nonce-1", "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SHADOW, signature.replace("t=" + (NOW - 3600), "t=" + NOW))
                        .reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        String fresh = this.codec.sign(ShadowMode.SHADOW, NOW, "nonce-1", "POST", "/orders?id=7", null);
        assertThat(evaluateSigned(SHADOW, fresh.replace("n=nonce-1", "n=nonce-2"))
                        .reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			"t=1790000000"
			"s=00"
			"t=abc,s=0000000000000000000000000000000000000000000000000000000000000000"
			"t=1790000000,s=zz00000000000000000000000000000000000000000000000000000000000000"
			"t=1790000000,s=00"
			"t=99999999999999999999,s=0000000000000000000000000000000000000000000000000000000000000000"
			"garbage"
			"t=-5,s=0000000000000000000000000000000000000000000000000000000000000000"
			"v=2,t=1790000000,s=0000000000000000000000000000000000000000000000000000000000000000"
			"v=3,t=1790000000,n=abc,s=0000000000000000000000000000000000000000000000000000000000000000"
			"v=2,t=1790000000,n=a b,s=0000000000000000000000000000000000000000000000000000000000000000"
			"t=1790000000,n=abc,s=0000000000000000000000000000000000000000000000000000000000000000"
			"v=2,t=1790000000,n=abc,s=0000000000000000000000000000000000000000000000000000000000000000"
			""")
    void unreadableSignatureIsRefused(String value) {
        assertThat(evaluateSigned(SHADOW, value).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void missingOrBlankSignatureIsRefused() {
        assertThat(this.signed.evaluate(SHADOW, TestCarrier.request()).reason())
                .isEqualTo(RejectionReason.MISSING_SIGNATURE);
        assertThat(evaluateSigned(SHADOW, "  ").reason()).isEqualTo(RejectionReason.MISSING_SIGNATURE);
    }

    @Test
    void clockSkewsAreBounded() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SignedMarkerPolicy(
                        this.codec,
                        MarkerSignature.DEFAULT_HEADER,
                        Duration.ofMinutes(6),
                        Duration.ZERO,
                        new SignatureReplayCache(1),
                        false,
                        this.clock))
                .withMessageContaining("clock skew");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SignedMarkerPolicy(
                        this.codec,
                        MarkerSignature.DEFAULT_HEADER,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(11),
                        new SignatureReplayCache(1),
                        false,
                        this.clock))
                .withMessageContaining("future skew");
        assertThatIllegalArgumentException().isThrownBy(() -> new SignatureReplayCache(0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.codec.sign(ShadowMode.SHADOW, NOW, "a b", "GET", "/", null));
    }

    @Test
    void shortSecretIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MarkerSignature("too-short"))
                .withMessageContaining("32 bytes");
    }

    private TrustDecision evaluateSigned(Detection detection, String signature) {
        return this.signed.evaluate(detection, request(signature));
    }

    private static TestCarrier request(String signature) {
        return request(signature, "POST", "/orders?id=7");
    }

    private static TestCarrier request(String signature, String method, String target) {
        return TestCarrier.request().request(method, target).header(MarkerSignature.DEFAULT_HEADER, signature);
    }

    private SignedMarkerPolicy signedPolicy(SignatureReplayCache cache, boolean acceptLegacy) {
        return new SignedMarkerPolicy(
                this.codec,
                MarkerSignature.DEFAULT_HEADER,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                cache,
                acceptLegacy,
                this.clock);
    }

    /**
     * A clock the test moves forward.
     */
    static final class MutableClock extends Clock {

        private long epochSecond;

        MutableClock(long epochSecond) {
            this.epochSecond = epochSecond;
        }

        void advance(long seconds) {
            this.epochSecond += seconds;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(this.epochSecond);
        }
    }
}
