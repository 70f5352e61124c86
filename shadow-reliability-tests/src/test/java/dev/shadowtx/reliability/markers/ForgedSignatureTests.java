package dev.shadowtx.reliability.markers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.shadowtx.core.marker.MarkerSignature;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Generated signature headers on a {@code SIGNED} service: none is accepted, none commits,
 * none fails with a 5xx.
 */
class ForgedSignatureTests {

    @Test
    void generatedSignaturesAreNeverAccepted() throws Exception {
        Gen gen = Gen.fromSystemProperty();
        for (int i = 0; i < 2_000; i++) {
            String signature = signatures(gen);
            String mode = gen.of("shadow", "synthetic", "true", "garbage");
            try {
                refused(signature, mode);
            } catch (AssertionError | Exception ex) {
                throw new AssertionError("case " + i + " of seed " + gen.seed() + ": " + mode + " / " + signature, ex);
            }
        }
    }

    private void refused(String signature, String mode) throws Exception {
        MarkerApps.App app = MarkerApps.signed();
        String key = UUID.randomUUID().toString();
        MockHttpServletResponse response = app.mockMvc()
                .perform(post("/write/" + key)
                        .header("X-Shadow", mode)
                        .header(MarkerSignature.DEFAULT_HEADER, signature))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(app.rows(key)).isZero();
    }

    static String signatures(Gen gen) {
        long now = Instant.now().getEpochSecond();
        return gen.oneOf(
                () -> shapedSignature(gen, now),
                () -> shapedSignature(gen, now),
                () -> gen.string(0, 200, () -> gen.charIn('\u0000', '\uffff')),
                () -> gen.string(0, 120, () -> gen.charOf("ts=,0123456789abcdef ")));
    }

    private static String shapedSignature(Gen gen, long now) {
        long time = gen.oneOf(() -> gen.between(now - 5, now + 5), () -> gen.between(0L, Long.MAX_VALUE));
        String hmac = gen.string(64, 64, () -> gen.charOf("0123456789abcdefABCDEF"));
        return gen.oneOf(
                () -> "t=" + time + ",s=" + hmac,
                () -> "v=2,t=" + time + ",n=" + gen.string(1, 24, () -> gen.charOf("abcdef0123456789-_")) + ",s="
                        + hmac);
    }
}
