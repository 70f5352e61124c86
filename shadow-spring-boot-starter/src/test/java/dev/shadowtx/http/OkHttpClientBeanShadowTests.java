package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An OkHttp client declared as a bean obeys the outbound policy like Spring's clients, also for
 * calls sent asynchronously from OkHttp's dispatcher threads.
 */
class OkHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, OkHttpConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(OkHttpClient.class));
    }

    static Client client(OkHttpClient client) {
        return (method, url, headers, body) -> {
            String contentType = headers.get("Content-Type");
            RequestBody requestBody = (body != null)
                    ? RequestBody.create(body, (contentType != null) ? MediaType.parse(contentType) : null)
                    : (method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create(new byte[0]));
            Request.Builder request = new Request.Builder().url(url).method(method, requestBody);
            headers.forEach(request::header);
            try (Response response = client.newCall(request.build()).execute()) {
                return new Reply(response.code(), response.body().string());
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        };
    }

    @Test
    void callsEnqueuedInShadowAreJudgedByTheUnitOfWorkThatCreatedThem() {
        this.runner.run((context) -> {
            OkHttpClient client = context.getBean(OkHttpClient.class);
            CompletableFuture<Integer> read = new CompletableFuture<>();
            CompletableFuture<Throwable> write = new CompletableFuture<>();
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                client.newCall(new Request.Builder()
                                .url(servers.liveUrl() + "/prices")
                                .build())
                        .enqueue(callback(read, new CompletableFuture<>()));
                client.newCall(new Request.Builder()
                                .url(servers.liveUrl() + "/charges")
                                .post(RequestBody.create("{}", MediaType.parse("application/json")))
                                .build())
                        .enqueue(callback(new CompletableFuture<>(), write));
            });
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(write.get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(dev.shadowtx.core.ShadowBlockedException.class);
            assertThat(servers.liveRequests()).singleElement().satisfies((request) -> {
                assertThat(request.getUrl()).isEqualTo("/prices");
                assertThat(request.getHeader("X-Shadow")).isEqualTo("shadow");
            });
        });
    }

    @Test
    void blockedEnqueuedCallEndsInOnFailureOnlyAndNothingIsThrownOnTheDispatcherThread() {
        this.runner.run((context) -> {
            CompletableFuture<Throwable> thrownByTheCall = new CompletableFuture<>();
            List<Throwable> uncaught = new CopyOnWriteArrayList<>();
            ThreadPoolExecutor executor =
                    new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (runnable) -> {
                        Thread thread = new Thread(runnable, "okhttp-dispatcher");
                        thread.setUncaughtExceptionHandler((ignored, ex) -> uncaught.add(ex));
                        return thread;
                    }) {
                        @Override
                        protected void afterExecute(Runnable runnable, Throwable thrown) {
                            thrownByTheCall.complete(thrown);
                        }
                    };
            try {
                OkHttpClient client = context.getBean(OkHttpClient.class)
                        .newBuilder()
                        .dispatcher(new Dispatcher(executor))
                        .build();
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                ShadowTraffic.runIsolated(
                        ShadowMode.SHADOW,
                        () -> client.newCall(new Request.Builder()
                                        .url(servers.liveUrl() + "/charges")
                                        .post(RequestBody.create("{}", MediaType.parse("application/json")))
                                        .build())
                                .enqueue(callback(new CompletableFuture<>(), failure)));
                assertThat(failure.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(IOException.class)
                        .cause()
                        .isInstanceOf(ShadowBlockedException.class)
                        .hasMessageContaining("POST " + servers.liveUrl() + "/charges");
                assertThat(thrownByTheCall.get(10, TimeUnit.SECONDS)).isNull();
                assertThat(uncaught).isEmpty();
                assertThat(servers.liveRequests()).isEmpty();
            } finally {
                executor.shutdownNow();
            }
        });
    }

    private static Callback callback(CompletableFuture<Integer> status, CompletableFuture<Throwable> failure) {
        return new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    status.complete(response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException ex) {
                failure.complete(ex);
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class OkHttpConfiguration {

        @Bean
        OkHttpClient vendorClient() {
            return new OkHttpClient();
        }
    }
}
