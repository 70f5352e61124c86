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

    private final SignedMarkerPolicy signed = new SignedMarkerPolicy(
            new MarkerSignature(SECRET),
            MarkerSignature.DEFAULT_HEADER,
            Duration.ofSeconds(30),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

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
    void signedAcceptsAFreshSignatureForTheSameMode() {
        String signature = new MarkerSignature(SECRET).sign(ShadowMode.SYNTHETIC, NOW - 10);
        assertThat(evaluateSigned(SYNTHETIC, signature).isTrusted()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] signed {0} seconds from now -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
			0    | TRUSTED
			-30  | TRUSTED
			30   | TRUSTED
			-31  | expired-signature
			31   | expired-signature
			-86400 | expired-signature
			""")
    void signedEnforcesTheClockSkew(long offset, String expected) {
        String signature = new MarkerSignature(SECRET).sign(ShadowMode.SHADOW, NOW + offset);
        TrustDecision decision = evaluateSigned(SHADOW, signature);
        assertThat(decision.isTrusted() ? "TRUSTED" : decision.reason().code()).isEqualTo(expected);
    }

    @Test
    void signatureForAnotherModeIsRefused() {
        String signature = new MarkerSignature(SECRET).sign(ShadowMode.SHADOW, NOW);
        assertThat(evaluateSigned(SYNTHETIC, signature).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void signatureWithAnotherSecretIsRefused() {
        String signature = new MarkerSignature("another-secret-another-secret-xx").sign(ShadowMode.SHADOW, NOW);
        assertThat(evaluateSigned(SHADOW, signature).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void tamperedTimestampIsRefused() {
        String signature = new MarkerSignature(SECRET).sign(ShadowMode.SHADOW, NOW - 3600);
        String replayed = signature.replace("t=" + (NOW - 3600), "t=" + NOW);
        assertThat(evaluateSigned(SHADOW, replayed).reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
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
    void shortSecretIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MarkerSignature("too-short"))
                .withMessageContaining("32 bytes");
    }

    private TrustDecision evaluateSigned(Detection detection, String signature) {
        return this.signed.evaluate(detection, TestCarrier.request().header(MarkerSignature.DEFAULT_HEADER, signature));
    }
}
