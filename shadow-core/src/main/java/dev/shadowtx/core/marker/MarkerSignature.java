package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.ShadowMode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signed-marker codec used in {@link TrustMode#SIGNED} mode, bound to the request it marks.
 * <p>
 * The signature header value is {@code v=2,t=<epoch seconds>,n=<nonce>,s=<hex HMAC-SHA256>}. The
 * HMAC is computed with the shared secret over the lines
 * <pre>
 * shadowtx-v2
 * &lt;mode&gt;            shadow or synthetic
 * &lt;epoch seconds&gt;
 * &lt;nonce&gt;           1 to 64 characters of [A-Za-z0-9_-], fresh for every request
 * &lt;METHOD&gt;          as sent, e.g. POST (empty for a message that has none, such as a record)
 * &lt;path?query&gt;      the request target as sent, e.g. /orders?id=7 (empty for a record)
 * &lt;body digest&gt;     the value of {@value #BODY_DIGEST_HEADER}, or empty when the request has none
 * </pre>
 * joined with {@code \n}, so a signature cannot be moved to another mode, time, method, path,
 * query or body digest, and (with the replay cache of {@link SignedMarkerPolicy}) cannot be used
 * twice.
 * <p>
 * The legacy format {@code t=<epoch seconds>,s=<hex HMAC of "<mode>:<epoch seconds>">} covers
 * neither the request nor a nonce; it is only produced by {@link #signLegacy} and only accepted
 * when the application opts in ({@code shadow.trust.accept-legacy-signatures=true}).
 */
public final class MarkerSignature {

    /**
     * Default name of the header that carries the signature.
     */
    public static final String DEFAULT_HEADER = "X-Shadow-Signature";

    /**
     * Header whose value (for example {@code sha-256=<base64>}, see {@link #bodyDigest}) the
     * signature covers when present, so that a synthetic probe can bind its body too.
     */
    public static final String BODY_DIGEST_HEADER = "X-Shadow-Body-Digest";

    private static final String ALGORITHM = "HmacSHA256";

    private static final HexFormat HEX = HexFormat.of();

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int MAX_NONCE_LENGTH = 64;

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
     * Produce the signature header value for a request, with a fresh random nonce.
     * @param mode the marked mode
     * @param epochSecond the signing time
     * @param method the request method, e.g. {@code POST}
     * @param target the request target as sent: path and query, e.g. {@code /orders?id=7}
     * @param bodyDigest the value of {@value #BODY_DIGEST_HEADER} sent with the request, or
     * {@code null} when none is sent
     * @return the header value
     */
    public String sign(ShadowMode mode, long epochSecond, String method, String target, @Nullable String bodyDigest) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return sign(mode, epochSecond, HEX.formatHex(nonce), method, target, bodyDigest);
    }

    /**
     * Produce the signature header value for a request with a given nonce.
     * @param mode the marked mode
     * @param epochSecond the signing time
     * @param nonce 1 to 64 characters of {@code [A-Za-z0-9_-]}, never used twice within the
     * accepted clock skew
     * @param method the request method
     * @param target the request target as sent: path and query
     * @param bodyDigest the value of {@value #BODY_DIGEST_HEADER}, or {@code null}
     * @return the header value
     */
    public String sign(
            ShadowMode mode,
            long epochSecond,
            String nonce,
            String method,
            String target,
            @Nullable String bodyDigest) {
        if (!isNonce(nonce)) {
            throw new IllegalArgumentException("The nonce must be 1 to 64 characters of [A-Za-z0-9_-]");
        }
        byte[] hmac = hmac(canonical(mode, epochSecond, nonce, method, target, bodyDigest));
        return "v=2,t=" + epochSecond + ",n=" + nonce + ",s=" + HEX.formatHex(hmac);
    }

    /**
     * Produce a signature in the legacy format, which binds only the mode and the time.
     * @param mode the marked mode
     * @param epochSecond the signing time
     * @return the header value
     * @deprecated the legacy format does not cover the request and can be replayed within the
     * clock skew; use {@link #sign(ShadowMode, long, String, String, String)}
     */
    @Deprecated
    public String signLegacy(ShadowMode mode, long epochSecond) {
        return "t=" + epochSecond + ",s=" + HEX.formatHex(hmac(mode.markerValue() + ":" + epochSecond));
    }

    /**
     * Return the digest of a body in the form the {@value #BODY_DIGEST_HEADER} header carries.
     * @param body the body bytes
     * @return {@code sha-256=<base64 of the SHA-256 of the body>}
     */
    public static String bodyDigest(byte[] body) {
        try {
            return "sha-256="
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
        }
    }

    /**
     * Parse a signature header value.
     * @param headerValue the value as received
     * @return the parsed signature, or {@code null} when it cannot be read
     */
    public static @Nullable Parsed parse(String headerValue) {
        if (headerValue.length() > 256) {
            return null;
        }
        String version = null;
        String timestamp = null;
        String nonce = null;
        String signature = null;
        for (String part : headerValue.split(",", -1)) {
            String item = part.strip();
            if (item.startsWith("v=") && version == null) {
                version = item.substring(2);
            } else if (item.startsWith("t=") && timestamp == null) {
                timestamp = item.substring(2);
            } else if (item.startsWith("n=") && nonce == null) {
                nonce = item.substring(2);
            } else if (item.startsWith("s=") && signature == null) {
                signature = item.substring(2);
            }
        }
        if (timestamp == null
                || signature == null
                || timestamp.isEmpty()
                || timestamp.length() > 18
                || !timestamp.chars().allMatch((c) -> c >= '0' && c <= '9')
                || signature.length() != 64) {
            return null;
        }
        int parsedVersion;
        if (version == null) {
            if (nonce != null) {
                return null;
            }
            parsedVersion = 1;
        } else if (version.equals("2") && nonce != null && isNonce(nonce)) {
            parsedVersion = 2;
        } else {
            return null;
        }
        try {
            return new Parsed(
                    parsedVersion, Long.parseLong(timestamp), (nonce != null) ? nonce : "", HEX.parseHex(signature));
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * Whether a parsed signature matches a request, compared in constant time.
     * @param mode the mode the message is marked with
     * @param parsed the signature received
     * @param method the request method, or {@code null} for a message that has none
     * @param target the request target (path and query), or {@code null} for a message that has none
     * @param bodyDigest the value of {@value #BODY_DIGEST_HEADER}, or {@code null}
     * @return {@code true} when the signature was made with this secret for this request; a
     * legacy signature matches when it was made for this mode and time
     */
    public boolean matches(
            ShadowMode mode,
            Parsed parsed,
            @Nullable String method,
            @Nullable String target,
            @Nullable String bodyDigest) {
        String data = (parsed.version() == 1)
                ? mode.markerValue() + ":" + parsed.epochSecond()
                : canonical(mode, parsed.epochSecond(), parsed.nonce(), method, target, bodyDigest);
        return MessageDigest.isEqual(hmac(data), parsed.signature());
    }

    private static String canonical(
            ShadowMode mode,
            long epochSecond,
            String nonce,
            @Nullable String method,
            @Nullable String target,
            @Nullable String bodyDigest) {
        return "shadowtx-v2\n" + mode.markerValue() + "\n" + epochSecond + "\n" + nonce + "\n"
                + ((method != null) ? method : "") + "\n" + ((target != null) ? target : "") + "\n"
                + ((bodyDigest != null) ? bodyDigest : "");
    }

    private static boolean isNonce(String nonce) {
        if (nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(this.key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }

    /**
     * A signature as read from the header.
     *
     * @param version 2, or 1 for the legacy format
     * @param epochSecond the signed time
     * @param nonce the nonce, empty in the legacy format
     * @param signature the HMAC bytes
     */
    public record Parsed(int version, long epochSecond, String nonce, byte[] signature) {}
}
