package dev.shadowtx.http.clients;

import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.Redirects;
import dev.shadowtx.http.DecidedCalls;
import dev.shadowtx.http.GuardedClients;
import dev.shadowtx.http.JdkRedirectTwins;
import dev.shadowtx.http.OnFirstUse;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * A JDK {@link HttpClient} bean with the shadow policy: each call made in shadow is propagated
 * with the marker, rerouted or blocked before it reaches the network; live calls go to the client
 * unchanged. Everything else (configuration, WebSocket) is the wrapped client's. A call that a
 * {@code RestClient}, {@code RestTemplate} or {@code WebClient} decided already, and sends through
 * this client ({@code JdkClientHttpRequestFactory} or {@code JdkClientHttpConnector} over the
 * bean), is carried out as decided there, not decided again ({@link DecidedCalls}).
 * <p>
 * The JDK's client class is final, so the bean is replaced by this subclass of the public
 * {@link HttpClient} type rather than proxied.
 */
public final class ShadowJdkHttpClient extends HttpClient {

    private final HttpClient client;

    private final ShadowCalls calls;

    private final OnFirstUse<HttpClient> noFollow = new OnFirstUse<>(this::buildNoFollow);

    /**
     * Guard a client.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     */
    public ShadowJdkHttpClient(HttpClient client, ShadowCalls calls) {
        this.client = client;
        this.calls = calls;
        GuardedClients.add(this);
    }

    /**
     * Return the application's client.
     * @return the wrapped client
     */
    public HttpClient getClient() {
        return this.client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        OutboundDecision above = DecidedCalls.take(request.method(), request.uri());
        OutboundDecision decision = (above != null) ? above : this.calls.decide(request.method(), request.uri());
        if (decision == null) {
            return this.client.send(request, handler);
        }
        if (decision.isBlocked()) {
            return StubJdkResponse.of(request, ShadowCalls.stubOrThrow(decision), handler);
        }
        HttpRequest sent = (above != null) ? request : decided(request, decision);
        if (this.client.followRedirects() == Redirect.NEVER) {
            return this.client.send(sent, handler);
        }
        OutboundDecision current = decision;
        for (int followed = 0; ; followed++) {
            HttpResponse<T> response = this.noFollow.get().send(sent, handler);
            URI location = location(response, current, followed);
            if (location == null) {
                return response;
            }
            OutboundDecision next = this.calls.decideRedirect(current, response.statusCode(), location);
            if (next.isBlocked()) {
                return StubJdkResponse.of(sent, ShadowCalls.stubOrThrow(next), handler);
            }
            sent = hop(sent, current, next, response.statusCode());
            current = next;
        }
    }

    /**
     * Where the redirect of a shadow call points, when the application's client would follow it.
     */
    private @Nullable URI location(HttpResponse<?> response, OutboundDecision current, int followed) {
        URI location = ShadowCalls.redirectToFollow(
                current,
                response.statusCode(),
                response.headers().firstValue("Location").orElse(null),
                followed);
        if (location != null
                && this.client.followRedirects() == Redirect.NORMAL
                && "https".equalsIgnoreCase(current.target().getScheme())
                && !"https".equalsIgnoreCase(location.getScheme())) {
            return null;
        }
        return location;
    }

    private HttpRequest hop(HttpRequest sent, OutboundDecision current, OutboundDecision next, int status) {
        Headers headers = new Headers(sent.headers().map());
        this.calls.prepareRedirect(current, next, status, headers);
        HttpRequest.BodyPublisher body =
                Redirects.keepsBody(status, current.call().method())
                        ? sent.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody())
                        : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(sent, (name, value) -> !headers.changed(name))
                .uri(next.target())
                .method(next.call().method(), body);
        headers.changedValues().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
        return builder.build();
    }

    /**
     * The application's client with redirects not followed, for shadow calls, whose redirects are
     * followed here after the policy decided them. Built on first use with every setting the
     * client exposes.
     */
    private HttpClient buildNoFollow() {
        return JdkRedirectTwins.noFollow(this.client);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
        OutboundDecision above = DecidedCalls.take(request.method(), request.uri());
        OutboundDecision decision = (above != null) ? above : this.calls.decide(request.method(), request.uri());
        HttpRequest sent = request;
        if (decision != null) {
            if (decision.isBlocked()) {
                try {
                    return CompletableFuture.completedFuture(
                            StubJdkResponse.of(request, ShadowCalls.stubOrThrow(decision), handler));
                } catch (RuntimeException | IOException | InterruptedException ex) {
                    return CompletableFuture.failedFuture(ex);
                }
            }
            sent = (above != null) ? request : decided(request, decision);
            if (this.client.followRedirects() != Redirect.NEVER) {
                return followAsync(sent, decision, handler, 0);
            }
        }
        return (pushPromiseHandler != null)
                ? this.client.sendAsync(sent, handler, pushPromiseHandler)
                : this.client.sendAsync(sent, handler);
    }

    private <T> CompletableFuture<HttpResponse<T>> followAsync(
            HttpRequest sent, OutboundDecision current, HttpResponse.BodyHandler<T> handler, int followed) {
        return this.noFollow.get().sendAsync(sent, handler).thenCompose((response) -> {
            URI location = location(response, current, followed);
            if (location == null) {
                return CompletableFuture.completedFuture(response);
            }
            try {
                OutboundDecision next = this.calls.decideRedirect(current, response.statusCode(), location);
                if (next.isBlocked()) {
                    return CompletableFuture.completedFuture(
                            StubJdkResponse.of(sent, ShadowCalls.stubOrThrow(next), handler));
                }
                return followAsync(hop(sent, current, next, response.statusCode()), next, handler, followed + 1);
            } catch (RuntimeException | IOException | InterruptedException ex) {
                return CompletableFuture.failedFuture(ex);
            }
        });
    }

    private HttpRequest decided(HttpRequest request, OutboundDecision decision) {
        Headers headers = new Headers(request.headers().map());
        this.calls.mark(decision, headers);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> !headers.changed(name))
                .uri(decision.target());
        headers.changedValues().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
        return builder.build();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return this.client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return this.client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return this.client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return this.client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return this.client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return this.client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return this.client.authenticator();
    }

    @Override
    public Version version() {
        return this.client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return this.client.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return this.client.newWebSocketBuilder();
    }

    /**
     * Close the wrapped client where the JDK lets a client be closed (Java 21 and later).
     * @throws Exception when closing fails
     */
    public void close() throws Exception {
        OnFirstUse.close(this.client);
        OnFirstUse.close(this.noFollow.ifMade());
    }

    @Override
    public String toString() {
        return "Shadow-guarded " + this.client;
    }

    /**
     * The headers of a JDK request while the marker is written, remembering which names changed.
     */
    private static final class Headers implements MarkerPropagation.HeaderAccess {

        private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private final Set<String> changed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        Headers(Map<String, List<String>> original) {
            original.forEach((name, list) -> this.values.put(name, new ArrayList<>(list)));
        }

        @Override
        public List<String> values(String name) {
            return this.values.getOrDefault(name, List.of());
        }

        @Override
        public void set(String name, String value) {
            this.values.put(name, new ArrayList<>(List.of(value)));
            this.changed.add(name);
        }

        @Override
        public void remove(String name) {
            this.values.remove(name);
            this.changed.add(name);
        }

        boolean changed(String name) {
            return this.changed.contains(name);
        }

        Map<String, List<String>> changedValues() {
            Map<String, List<String>> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : this.changed) {
                List<String> list = this.values.get(name);
                if (list != null) {
                    result.put(name, list);
                }
            }
            return result;
        }
    }
}
