package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.AuditedChannels;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
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
 * guarded, saying what a client that cannot reroute does instead ({@link ApacheHttpClient4BeanTests}
 * shows the clients that have no guard).
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

    private static AuditedChannel channel(AssertableApplicationContext context, String beanName) {
        assertThat(context).hasNotFailed();
        return AuditedChannels.named(context, beanName);
    }

    @Configuration(proxyBeanMethods = false)
    static class Clients {

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
    }
}
