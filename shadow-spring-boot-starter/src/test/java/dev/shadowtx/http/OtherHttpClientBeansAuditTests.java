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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The leak audit lists the Apache HttpClient 5 async, Jetty and Reactor Netty client beans as
 * guarded (saying what a client that cannot reroute does instead), and Apache HttpClient 4
 * clients, which have no guard, as uncovered: whether declared by the library's interface or by
 * its client class, their calls in shadow are refused before they reach them, their live calls go
 * through.
 */
class OtherHttpClientBeansAuditTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowHttpClientAutoConfiguration.class,
                    ShadowHttpClientBeansAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withUserConfiguration(Clients.class);

    @Test
    void guardedClientBeansAreListedCoveredWithWhatTheirGuardDoes() {
        this.runner.run((context) -> {
            assertThat(channel(context, "vendorAsyncClient").detail()).contains("shadow.http.destinations");
            assertThat(channel(context, "vendorAsyncClient").isCovered()).isTrue();
            assertThat(channel(context, "springStartedJettyClient").isCovered()).isTrue();
            assertThat(channel(context, "springStartedJettyClient").detail()).doesNotContain("rerouted");
            assertThat(channel(context, "selfStartedJettyClient").isCovered()).isTrue();
            assertThat(channel(context, "selfStartedJettyClient").detail()).contains("rerouted calls refused");
            assertThat(channel(context, "vendorNettyClient").isCovered()).isTrue();
            assertThat(channel(context, "vendorNettyClient").detail()).contains("rerouted calls refused");
        });
    }

    @Test
    void apacheHttpClient4IsListedUncoveredAndRefusedInShadow() {
        this.runner.run((context) -> {
            AuditedChannel channel = channel(context, "legacyClient");
            assertThat(channel.kind().tagValue()).isEqualTo("http-client");
            assertThat(channel.isCovered()).isFalse();
            org.apache.http.client.HttpClient client =
                    context.getBean("legacyClient", org.apache.http.client.HttpClient.class);
            try (ShadowContextHolder.Scope scope =
                    ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER))) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> client.execute("http://payments/charges"));
            }
            assertThat(context.getBean(Clients.class).sent).isEmpty();
            assertThat(client.execute("http://payments/charges")).isEqualTo("sent");
            assertThat(context.getBean(Clients.class).sent).containsExactly("http://payments/charges");
        });
    }

    @Test
    void apacheHttpClient4DeclaredByItsClientClassStaysInjectableAndIsRefusedInShadow() {
        this.runner.run((context) -> {
            assertThat(channel(context, "legacyClassClient").isCovered()).isFalse();
            org.apache.http.impl.client.CloseableHttpClient client =
                    context.getBean(org.apache.http.impl.client.CloseableHttpClient.class);
            try (ShadowContextHolder.Scope scope =
                    ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER))) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> client.execute("http://payments/refunds"));
            }
            assertThat(context.getBean(Clients.class).sent).isEmpty();
            assertThat(client.execute("http://payments/refunds")).isEqualTo("sent by class");
            assertThat(context.getBean(Clients.class).sent).containsExactly("http://payments/refunds");
        });
    }

    private static AuditedChannel channel(AssertableApplicationContext context, String beanName) {
        assertThat(context).hasNotFailed();
        return AuditedChannels.named(context, beanName);
    }

    @Configuration(proxyBeanMethods = false)
    static class Clients {

        final List<String> sent = new CopyOnWriteArrayList<>();

        @Bean(destroyMethod = "close")
        CloseableHttpAsyncClient vendorAsyncClient() {
            CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
            client.start();
            return client;
        }

        @Bean(initMethod = "start", destroyMethod = "stop")
        org.eclipse.jetty.client.HttpClient springStartedJettyClient() {
            return new org.eclipse.jetty.client.HttpClient();
        }

        @Bean(destroyMethod = "stop")
        org.eclipse.jetty.client.HttpClient selfStartedJettyClient() throws Exception {
            org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
            client.start();
            return client;
        }

        @Bean
        reactor.netty.http.client.HttpClient vendorNettyClient() {
            return reactor.netty.http.client.HttpClient.create();
        }

        @Bean
        org.apache.http.impl.client.CloseableHttpClient legacyClassClient() {
            return new InternalClient(this.sent);
        }

        @Bean
        org.apache.http.client.HttpClient legacyClient() {
            return (uri) -> {
                this.sent.add(uri);
                return "sent";
            };
        }
    }

    /**
     * A client as the library builds it: a class of its own, not public, declared by the library's
     * client class.
     */
    static final class InternalClient extends org.apache.http.impl.client.CloseableHttpClient {

        private final List<String> sent;

        InternalClient(List<String> sent) {
            this.sent = sent;
        }

        @Override
        public String execute(String uri) {
            this.sent.add(uri);
            return "sent by class";
        }
    }
}
