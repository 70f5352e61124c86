package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An Apache HttpClient 5 async client declared as a bean obeys the outbound policy like Spring's
 * clients; a call is judged by the unit of work that made it, whatever thread completes it.
 */
class ApacheAsyncHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, ApacheAsyncConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(CloseableHttpAsyncClient.class));
    }

    static Client client(CloseableHttpAsyncClient client) {
        return (method, url, headers, body) -> {
            SimpleRequestBuilder builder = SimpleRequestBuilder.create(method).setUri(url);
            headers.forEach(builder::setHeader);
            if (body != null) {
                String contentType = headers.get("Content-Type");
                builder.setBody(body, (contentType != null) ? ContentType.parse(contentType) : ContentType.TEXT_PLAIN);
            }
            try {
                SimpleHttpResponse response =
                        client.execute(builder.build(), null).get(10, TimeUnit.SECONDS);
                return new Reply(response.getCode(), (response.getBodyText() != null) ? response.getBodyText() : "");
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof ShadowBlockedException blocked) {
                    throw blocked;
                }
                throw new IllegalStateException(ex);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        };
    }

    @Test
    void callbackOfABlockedShadowCallFailsAndNothingReachesTheLiveServer() {
        this.runner.run((context) -> {
            CloseableHttpAsyncClient client = context.getBean(CloseableHttpAsyncClient.class);
            CompletableFuture<Exception> failure = new CompletableFuture<>();
            CompletableFuture<Integer> read = new CompletableFuture<>();
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                client.execute(
                        SimpleRequestBuilder.post(servers.liveUrl() + "/charges")
                                .setBody("{}", ContentType.APPLICATION_JSON)
                                .build(),
                        callback(new CompletableFuture<>(), failure));
                client.execute(
                        SimpleRequestBuilder.get(servers.liveUrl() + "/prices").build(), callback(read, failure));
            });
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ShadowBlockedException.class);
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(servers.liveRequests()).singleElement().satisfies((request) -> {
                assertThat(request.getUrl()).isEqualTo("/prices");
                assertThat(request.getHeader("X-Shadow")).isEqualTo("shadow");
            });
        });
    }

    private static FutureCallback<SimpleHttpResponse> callback(
            CompletableFuture<Integer> status, CompletableFuture<Exception> failure) {
        return new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                status.complete(response.getCode());
            }

            @Override
            public void failed(Exception ex) {
                failure.complete(ex);
            }

            @Override
            public void cancelled() {
                failure.complete(new IllegalStateException("cancelled"));
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheAsyncConfiguration {

        @Bean(destroyMethod = "close")
        CloseableHttpAsyncClient vendorAsyncClient() {
            CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
            client.start();
            return client;
        }
    }
}
