package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.ShadowMode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signed-marker codec used in {@link TrustMode#SIGNED} mode. The signature header value is
 * {@code t=<epoch seconds>,s=<hex HMAC-SHA256>}, where the HMAC is computed with the shared secret
 * over {@code <mode>:<epoch seconds>} ({@code mode} being {@code shadow} or {@code synthetic}), so
 * a signature cannot be replayed with another mode or, past the clock skew, at another time.
 */
public final class MarkerSignature {

    /**
     * Default name of the header that carries the signature.
     */
    public static final String DEFAULT_HEADER = "X-Shadow-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    /**
     * Create a codec for a shared secret.
     * @param secret the secret, at least 32 bytes in UTF-8
     */
    public MarkerSignature(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("The signing secret must be at least 32 bytes long");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /**
     * Produce the signature header value for a marker.
     * @param mode the marked mode
     * @param epochSecond the signing time
     * @return the header value
     */
    public String sign(ShadowMode mode, long epochSecond) {
        return "t=" + epochSecond + ",s=" + HEX.formatHex(hmac(mode, epochSecond));
    }

    /**
     * Parse a signature header value.
     * @param headerValue the value as received
     * @return the parsed signature, or {@code null} when it cannot be read
     */
    public static @Nullable Parsed parse(String headerValue) {
        String timestamp = null;
        String signature = null;
        for (String part : headerValue.split(",", -1)) {
            String item = part.strip();
            if (item.startsWith("t=") && timestamp == null) {
                timestamp = item.substring(2);
            } else if (item.startsWith("s=") && signature == null) {
                signature = item.substring(2);
            }
        }
        if (timestamp == null
                || signature == null
                || timestamp.isEmpty()
                || timestamp.length() > 19
                || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')
                || signature.length() != 64) {
            return null;
        }
        try {
            return new Parsed(Long.parseLong(timestamp), HEX.parseHex(signature));
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * Whether a parsed signature matches a mode, compared in constant time.
     * @param mode the mode the message is marked with
     * @param parsed the signature received
     * @return {@code true} when the signature was made with this secret for this mode and time
     */
    public boolean matches(ShadowMode mode, Parsed parsed) {
        return MessageDigest.isEqual(hmac(mode, parsed.epochSecond()), parsed.signature());
    }

    private byte[] hmac(ShadowMode mode, long epochSecond) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(this.key);
            return mac.doFinal((mode.markerValue() + ":" + epochSecond).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }

    /**
     * A signature as read from the header.
     *
     * @param epochSecond the signed time
     * @param signature the HMAC bytes
     */
    public record Parsed(long epochSecond, byte[] signature) {}
}
