package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A JDK {@code HttpClient} declared as a bean, the way many vendor SDKs are wired, obeys the
 * outbound policy like Spring's clients.
 */
class JdkHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, JdkClientConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(HttpClient.class));
    }

    static Client client(HttpClient client) {
        return (method, url, headers, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .method(
                            method,
                            (body != null)
                                    ? HttpRequest.BodyPublishers.ofString(body)
                                    : HttpRequest.BodyPublishers.noBody());
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.body());
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        };
    }

    @Test
    void shadowPostSentAsynchronouslyFailsItsFutureAndNeverReachesTheLiveServer() {
        this.runner.run((context) -> {
            HttpClient client = context.getBean(HttpClient.class);
            HttpRequest post = HttpRequest.newBuilder(URI.create(servers.liveUrl() + "/charges"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            CompletableFuture<HttpResponse<String>> shadow =
                    inShadow(SHADOW, () -> client.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
            assertThat(shadow)
                    .failsWithin(java.time.Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(ShadowBlockedException.class);
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(client.sendAsync(post, HttpResponse.BodyHandlers.ofString())
                            .get()
                            .body())
                    .isEqualTo("live");
            assertThat(servers.liveRequests()).hasSize(1);
        });
    }

    @Test
    void theBeanStaysAnHttpClientAndTheAuditListsItGuarded() {
        this.runner
                .withConfiguration(
                        AutoConfigurations.of(dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration.class))
                .run((context) -> {
                    assertThat(context).getBean("vendorClient").isInstanceOf(HttpClient.class);
                    assertThat(context.getBean(dev.shadowtx.audit.ShadowLeakAudit.class)
                                    .inventory()
                                    .channels())
                            .filteredOn((channel) -> channel.beanName().equals("vendorClient"))
                            .singleElement()
                            .satisfies((channel) -> {
                                assertThat(channel.kind().tagValue()).isEqualTo("http-client");
                                assertThat(channel.isCovered()).isTrue();
                            });
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class JdkClientConfiguration {

        @Bean
        HttpClient vendorClient() {
            return HttpClient.newHttpClient();
        }
    }
}
