package dev.shadowtx.core.marker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A carrier built by hand for table-driven tests.
 */
final class TestCarrier implements MarkerCarrier {

    private @Nullable String host;

    private @Nullable String remoteAddress;

    private @Nullable String method;

    private @Nullable String target;

    private @Nullable String bodyDigest;

    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    static TestCarrier request() {
        return new TestCarrier();
    }

    TestCarrier host(@Nullable String host) {
        this.host = host;
        return this;
    }

    TestCarrier from(@Nullable String remoteAddress) {
        this.remoteAddress = remoteAddress;
        return this;
    }

    TestCarrier request(String method, String target) {
        this.method = method;
        this.target = target;
        return this;
    }

    TestCarrier body(@Nullable String bodyDigest) {
        this.bodyDigest = bodyDigest;
        return this;
    }

    @Override
    public @Nullable String bodyDigest() {
        return this.bodyDigest;
    }

    TestCarrier header(String name, String value) {
        this.headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), (key) -> new ArrayList<>())
                .add(value);
        return this;
    }

    @Override
    public @Nullable String host() {
        return this.host;
    }

    @Override
    public @Nullable String firstHeader(String name) {
        List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
        return (values != null) ? values.get(0) : null;
    }

    @Override
    public Iterable<String> headers(String name) {
        return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public @Nullable String method() {
        return this.method;
    }

    @Override
    public @Nullable String target() {
        return this.target;
    }

    @Override
    public @Nullable String remoteAddress() {
        return this.remoteAddress;
    }

    @Override
    public String toString() {
        return "host=" + this.host + " headers=" + this.headers;
    }
}
