package dev.shadowtx.core.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two real HTTP servers on dynamic ports: the live collaborator a shadow call must not mutate,
 * and the test double that rerouted calls go to. Each answers every request with its own name.
 */
public final class Collaborators implements AutoCloseable {

    private final WireMockServer live = start("live");

    private final WireMockServer testDouble = start("double");

    private static WireMockServer start(String name) {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(any(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody(name)));
        return server;
    }

    public String liveUrl() {
        return "http://127.0.0.1:" + this.live.port();
    }

    public String liveAuthority() {
        return "127.0.0.1:" + this.live.port();
    }

    public int livePort() {
        return this.live.port();
    }

    public String doubleUrl() {
        return "http://127.0.0.1:" + this.testDouble.port();
    }

    public String doubleAuthority() {
        return "127.0.0.1:" + this.testDouble.port();
    }

    /**
     * Make the test double answer every request to a path with a redirect.
     * @param path the path, without query
     * @param status the redirect status
     * @param location the {@code Location} header
     */
    public void redirectOnDouble(String path, int status, String location) {
        this.testDouble.stubFor(any(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(status).withHeader("Location", location)));
    }

    public List<LoggedRequest> liveRequests() {
        return this.live.findAll(anyRequestedFor(anyUrl()));
    }

    public List<LoggedRequest> doubleRequests() {
        return this.testDouble.findAll(anyRequestedFor(anyUrl()));
    }

    public void reset() {
        this.live.resetRequests();
        this.testDouble.resetRequests();
    }

    public static Map<String, List<String>> headers(LoggedRequest request) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key().toLowerCase(Locale.ROOT), header.values());
        }
        return headers;
    }

    @Override
    public void close() {
        this.live.stop();
        this.testDouble.stop();
    }
}
