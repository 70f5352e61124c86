package dev.shadowtx.compare.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * What is redacted from records and how: header values, query parameter values and JSON body
 * values at configured paths are replaced by {@code hmac:} and the first 128 bits of their
 * HMAC-SHA256 under a key shared by every instance of every release, in hex. Equal values give
 * equal hashes on every instance, so a changed value is still detected, while the value itself
 * never leaves the process.
 * <p>
 * Immutable and thread-safe; {@link #hasher()} gives each publishing thread its own MAC.
 */
public final class Redaction {

    /**
     * Shortest key accepted, in bytes of its UTF-8 form.
     */
    public static final int MIN_KEY_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private static final Pattern SEGMENT = Pattern.compile("[^.\\[\\]]+(\\[\\*])*|(\\[\\*])+");

    private final Set<String> headers;

    private final Set<String> queryParameters;

    private final PathNode paths;

    private final byte @Nullable [] key;

    /**
     * Create the redaction rules.
     * @param headers header names whose values are redacted (case-insensitive)
     * @param queryParameters query parameter names whose values are redacted
     * @param jsonPaths JSON body paths whose values are redacted, dotted with {@code [*]} for array elements
     * @param key the HMAC key, or {@code null} when nothing captured is redacted
     */
    public Redaction(List<String> headers, List<String> queryParameters, List<String> jsonPaths, @Nullable String key) {
        this.headers = headers.stream()
                .map((name) -> name.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        this.queryParameters = Set.copyOf(queryParameters);
        this.paths = PathNode.compile(jsonPaths);
        if (key != null && key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "shadow.compare.capture.redact.key must be at least " + MIN_KEY_LENGTH + " bytes long");
        }
        this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * Check that a key is there if anything captured would be redacted.
     * @param capturedHeaders request and response headers that records carry
     * @throws IllegalStateException naming the key property when it is missing but needed
     */
    public void requireKeyFor(List<String> capturedHeaders) {
        if (this.key != null) {
            return;
        }
        List<String> redactedHeaders = capturedHeaders.stream()
                .map((name) -> name.trim().toLowerCase(Locale.ROOT))
                .filter(this.headers::contains)
                .distinct()
                .toList();
        if (!redactedHeaders.isEmpty() || !this.queryParameters.isEmpty() || !this.paths.isEmpty()) {
            throw new IllegalStateException("shadow.compare.capture.redact.key must be set: capture redacts "
                    + describe(redactedHeaders)
                    + " with a keyed hash, and the key must be the same secret on every instance of every release");
        }
    }

    private String describe(List<String> redactedHeaders) {
        StringBuilder what = new StringBuilder();
        if (!redactedHeaders.isEmpty()) {
            what.append("headers ").append(redactedHeaders);
        }
        if (!this.queryParameters.isEmpty()) {
            what.append((what.length() > 0) ? ", " : "")
                    .append("query parameters ")
                    .append(this.queryParameters);
        }
        if (!this.paths.isEmpty()) {
            what.append((what.length() > 0) ? ", " : "").append("JSON body paths");
        }
        return what.toString();
    }

    boolean redactsHeader(String lowerCaseName) {
        return this.headers.contains(lowerCaseName);
    }

    boolean redactsQueryParameter(String name) {
        return this.queryParameters.contains(name);
    }

    boolean redactsQuery() {
        return !this.queryParameters.isEmpty();
    }

    boolean redactsJson() {
        return !this.paths.isEmpty();
    }

    PathNode paths() {
        return this.paths;
    }

    /**
     * Create a hasher for one thread.
     * @return a hasher, or one that refuses to hash when no key is set
     */
    Hasher hasher() {
        return new Hasher(this.key);
    }

    /**
     * Keyed hashes on one thread.
     */
    static final class Hasher {

        private final @Nullable Mac mac;

        Hasher(byte @Nullable [] key) {
            if (key == null) {
                this.mac = null;
                return;
            }
            try {
                Mac created = Mac.getInstance(ALGORITHM);
                created.init(new SecretKeySpec(key, ALGORITHM));
                this.mac = created;
            } catch (java.security.GeneralSecurityException ex) {
                throw new IllegalStateException("HMAC-SHA256 is not available", ex);
            }
        }

        String hash(byte[] value, int off, int len) {
            Mac mac = this.mac;
            if (mac == null) {
                throw new IllegalStateException("shadow.compare.capture.redact.key must be set to redact values");
            }
            mac.update(value, off, len);
            byte[] digest = mac.doFinal();
            return "hmac:" + HexFormat.of().formatHex(digest, 0, 16);
        }

        String hash(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            return hash(bytes, 0, bytes.length);
        }
    }

    /**
     * One level of the redacted JSON paths: children by property name, {@code [*]} for array elements.
     */
    static final class PathNode {

        static final String ELEMENT = "[*]";

        private static final byte[][] NO_NAMES = new byte[0][];

        private static final PathNode[] NO_NODES = new PathNode[0];

        private final Map<String, PathNode> children = new HashMap<>();

        private boolean redacted;

        /**
         * The children's names as {@link JsonBytes} writes them inside quotes, beside {@link #childNodes}:
         * a name read from a body and written into the record is looked up as those bytes.
         */
        private byte[][] childNames = NO_NAMES;

        private PathNode[] childNodes = NO_NODES;

        static PathNode compile(List<String> paths) {
            PathNode root = new PathNode();
            for (String path : paths) {
                String trimmed = path.trim();
                if (trimmed.startsWith("$.")) {
                    trimmed = trimmed.substring(2);
                } else if (trimmed.startsWith("$[")) {
                    trimmed = trimmed.substring(1);
                }
                if (trimmed.isEmpty()) {
                    throw invalid(path);
                }
                PathNode node = root;
                for (String segment : trimmed.split("\\.", -1)) {
                    if (!SEGMENT.matcher(segment).matches()) {
                        throw invalid(path);
                    }
                    int bracket = segment.indexOf('[');
                    String name = (bracket < 0) ? segment : segment.substring(0, bracket);
                    if (!name.isEmpty()) {
                        node = node.children.computeIfAbsent(name, (key) -> new PathNode());
                    }
                    for (int i = Math.max(bracket, 0); bracket >= 0 && i < segment.length(); i += ELEMENT.length()) {
                        node = node.children.computeIfAbsent(ELEMENT, (key) -> new PathNode());
                    }
                }
                node.redacted = true;
            }
            root.index();
            return root;
        }

        /**
         * Index the children by name (array elements are no name a body could hold), all the way down.
         */
        private void index() {
            List<byte[]> names = new ArrayList<>();
            List<PathNode> nodes = new ArrayList<>();
            this.children.forEach((name, child) -> {
                child.index();
                if (!name.equals(ELEMENT)) {
                    JsonBytes written = new JsonBytes(name.length() + 2);
                    written.value(name);
                    names.add(Arrays.copyOfRange(written.buffer(), 1, written.length() - 1));
                    nodes.add(child);
                }
            });
            this.childNames = names.toArray(NO_NAMES);
            this.childNodes = nodes.toArray(NO_NODES);
        }

        private static IllegalArgumentException invalid(String path) {
            return new IllegalArgumentException("shadow.compare.capture.redact.json-paths holds an invalid path '"
                    + path + "': use dotted property names with [*] for array elements, e.g. customer.email or"
                    + " cards[*].number");
        }

        boolean isEmpty() {
            return this.children.isEmpty() && !this.redacted;
        }

        boolean redacted() {
            return this.redacted;
        }

        /**
         * Find a child by its name as written in a record.
         * @param bytes holds the name as {@link JsonBytes} writes it inside quotes
         * @param offset where the name starts
         * @param length its length in bytes
         * @return the child, or {@code null} when no path goes through that name
         */
        @Nullable
        PathNode child(byte[] bytes, int offset, int length) {
            for (int i = 0; i < this.childNames.length; i++) {
                byte[] name = this.childNames[i];
                if (Arrays.equals(name, 0, name.length, bytes, offset, offset + length)) {
                    return this.childNodes[i];
                }
            }
            return null;
        }

        @Nullable
        PathNode element() {
            return this.children.get(ELEMENT);
        }
    }
}
