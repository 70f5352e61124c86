package dev.shadowtx.http;

import org.eclipse.jetty.client.HttpClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Jetty client started in its own {@code @Bean} method, before the policy can reach its
 * redirect cache: shadow calls are still propagated with the marker or blocked, and the calls it
 * cannot send elsewhere or answer itself (reroute, stub) are refused before they are sent.
 */
class StartedJettyHttpClientBeanShadowTests extends JettyHttpClientBeanShadowTests {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(
                dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration.class,
                StartedJettyConfiguration.class);
    }

    @Override
    boolean reroutes() {
        return false;
    }

    @Configuration(proxyBeanMethods = false)
    static class StartedJettyConfiguration {

        @Bean(destroyMethod = "stop")
        HttpClient vendorJettyClient() throws Exception {
            HttpClient client = new HttpClient();
            client.start();
            return client;
        }
    }
}
