package dev.shadowtx.http;

import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;

/**
 * The JDK client that shadow calls are sent with when their redirects are decided above it.
 */
public final class JdkRedirectTwins {

    private JdkRedirectTwins() {}

    /**
     * Build a twin of a client that does not follow redirects, with every setting the client
     * exposes (version, TLS, cookies, connect timeout, proxy, authenticator, executor).
     * @param client the application's client
     * @return a new client with {@link Redirect#NEVER}
     */
    public static HttpClient noFollow(HttpClient client) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(Redirect.NEVER)
                .version(client.version())
                .sslContext(client.sslContext())
                .sslParameters(client.sslParameters());
        client.cookieHandler().ifPresent(builder::cookieHandler);
        client.connectTimeout().ifPresent(builder::connectTimeout);
        client.proxy().ifPresent(builder::proxy);
        client.authenticator().ifPresent(builder::authenticator);
        client.executor().ifPresent(builder::executor);
        return builder.build();
    }
}
