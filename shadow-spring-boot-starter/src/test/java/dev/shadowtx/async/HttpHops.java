package dev.shadowtx.async;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends real HTTP requests to the application under test, marked or not.
 */
final class HttpHops {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final HttpClient client = HttpClient.newHttpClient();

    private final int port;

    HttpHops(int port) {
        this.port = port;
    }

    static String uniqueItem(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
    }

    HttpResponse<String> post(String path, boolean shadow) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        try {
            return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
