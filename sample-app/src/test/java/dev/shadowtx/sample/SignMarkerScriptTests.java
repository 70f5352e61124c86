package dev.shadowtx.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/scripts/sign-marker.sh, the signing script of the synthetic-transactions guide, signs a
 * request (mode, time, nonce, method, path and query, body digest) exactly as
 * {@link MarkerSignature} verifies.
 */
class SignMarkerScriptTests {

    private static final String SECRET = "a-secret-of-at-least-32-bytes-with-$pecial ch@rs:%";

    @ParameterizedTest
    @EnumSource(ShadowMode.class)
    void scriptSignsAsTheCodecVerifies(ShadowMode mode) throws IOException, InterruptedException {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        long epochSecond = 1_700_000_000L;
        ProcessBuilder builder = new ProcessBuilder(
                "bash",
                Path.of("..", "docs", "scripts", "sign-marker.sh").toString(),
                mode.markerValue(),
                "POST",
                "/orders?source=probe&id=7");
        builder.environment().put("SHADOW_SECRET", SECRET);
        builder.environment().put("SHADOW_SIGN_TIME", String.valueOf(epochSecond));
        builder.environment().put("SHADOW_NONCE", "probe-42");
        builder.environment()
                .put("SHADOW_BODY_DIGEST", MarkerSignature.bodyDigest("{\"id\":7}".getBytes(StandardCharsets.UTF_8)));
        Process process = builder.redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .isEqualTo(new MarkerSignature(SECRET)
                        .sign(
                                mode,
                                epochSecond,
                                "probe-42",
                                "POST",
                                "/orders?source=probe&id=7",
                                MarkerSignature.bodyDigest("{\"id\":7}".getBytes(StandardCharsets.UTF_8))));
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
