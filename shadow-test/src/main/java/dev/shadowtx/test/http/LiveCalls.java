package dev.shadowtx.test.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * Assertions that a WireMock server standing for a live collaborator received no request, to put
 * after a shadow request:
 * <pre class="code">
 * LiveCalls.assertNoLiveCall(payments, postRequestedFor(urlPathEqualTo("/charges")));
 * </pre>
 * WireMock records requests synchronously before answering, and a blocked call never reaches
 * the network, so checking after the request has returned is enough for calls made on the
 * request's own thread; await asynchronous work first.
 */
public final class LiveCalls {

    private LiveCalls() {}

    /**
     * Assert the server received no request at all.
     * @param liveServer the live collaborator
     * @throws AssertionError listing the requests received
     */
    public static void assertNoLiveCall(WireMockServer liveServer) {
        assertNoLiveCall(liveServer, RequestPatternBuilder.allRequests());
    }

    /**
     * Assert the server received no request matching a pattern.
     * @param liveServer the live collaborator
     * @param pattern the requests that must not have happened, e.g.
     * {@code postRequestedFor(urlPathEqualTo("/charges"))}
     * @throws AssertionError listing the matching requests
     */
    public static void assertNoLiveCall(WireMockServer liveServer, RequestPatternBuilder pattern) {
        fail(liveServer.findAll(pattern));
    }

    /**
     * Assert the WireMock server the static {@link WireMock} client points at received no request
     * matching a pattern (for {@code @WireMockTest} and similar set-ups).
     * @param pattern the requests that must not have happened
     * @throws AssertionError listing the matching requests
     */
    public static void assertNoLiveCall(RequestPatternBuilder pattern) {
        fail(WireMock.findAll(pattern));
    }

    private static void fail(List<LoggedRequest> requests) {
        if (!requests.isEmpty()) {
            StringBuilder message = new StringBuilder("Expected no live call, but the collaborator received:");
            requests.forEach(
                    (request) -> message.append(String.format("%n  %s %s", request.getMethod(), request.getUrl())));
            throw new AssertionError(message.toString());
        }
    }
}
