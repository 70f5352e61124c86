package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.AuditedChannels;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Apache HttpClient 4 clients, built by the library itself and declared as beans the two ways
 * applications declare them (by the library's {@code HttpClient} interface, or by its
 * {@code CloseableHttpClient} class), against a real server: the leak audit lists them as
 * uncovered, their calls in shadow (reads and writes alike) are refused before a request reaches
 * the server, and their live calls reach it unchanged.
 */
class ApacheHttpClient4BeanTests extends CollaboratorServers {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowHttpClientAutoConfiguration.class,
                    ShadowHttpClientBeansAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withUserConfiguration(Clients.class);

    @Test
    void clientDeclaredByTheLibrarysInterfaceIsListedUncoveredAndRefusedInShadow() {
        this.runner.run((context) -> {
            assertUncovered(channel(context, "interfaceClient"));
            HttpClient client = context.getBean("interfaceClient", HttpClient.class);
            assertRefusedInShadowAndLiveWhenLive(client);
        });
    }

    @Test
    void clientDeclaredByTheLibrarysClassStaysInjectableByThatClassAndIsRefusedInShadow() {
        this.runner.run((context) -> {
            assertUncovered(channel(context, "classClient"));
            CloseableHttpClient client = context.getBean("classClient", CloseableHttpClient.class);
            assertRefusedInShadowAndLiveWhenLive(client);
        });
    }

    private static void assertRefusedInShadowAndLiveWhenLive(HttpClient client) throws IOException {
        for (ShadowMode mode : ShadowMode.values()) {
            try (ShadowContextHolder.Scope scope =
                    ShadowContextHolder.bind(ShadowContext.of(mode, MarkerSource.HEADER))) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> send(client, new HttpGet(servers.liveUrl() + "/orders/1")));
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> send(client, post("/charges")));
            }
        }
        assertThat(servers.liveRequests()).isEmpty();
        assertThat(servers.doubleRequests()).isEmpty();
        assertThat(send(client, post("/charges"))).isEqualTo(200);
        assertThat(servers.liveRequests()).singleElement().satisfies((request) -> {
            assertThat(request.getMethod().value()).isEqualTo("POST");
            assertThat(request.getUrl()).isEqualTo("/charges");
            assertThat(request.getBodyAsString()).isEqualTo("{\"amount\":10}");
            assertThat(request.containsHeader("X-Shadow")).isFalse();
        });
    }

    private static HttpPost post(String path) {
        HttpPost post = new HttpPost(servers.liveUrl() + path);
        post.setEntity(new StringEntity("{\"amount\":10}", ContentType.APPLICATION_JSON));
        return post;
    }

    private static int send(HttpClient client, HttpUriRequest request) throws IOException {
        HttpResponse response = client.execute(request);
        EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        return response.getStatusLine().getStatusCode();
    }

    private static void assertUncovered(AuditedChannel channel) {
        assertThat(channel.kind().tagValue()).isEqualTo("http-client");
        assertThat(channel.isCovered()).isFalse();
    }

    private static AuditedChannel channel(AssertableApplicationContext context, String beanName) {
        assertThat(context).hasNotFailed();
        return AuditedChannels.named(context, beanName);
    }

    @Configuration(proxyBeanMethods = false)
    static class Clients {

        @Bean(destroyMethod = "close")
        CloseableHttpClient classClient() {
            return HttpClients.createDefault();
        }

        @Bean
        HttpClient interfaceClient() {
            return HttpClients.custom().disableAutomaticRetries().build();
        }
    }
}
