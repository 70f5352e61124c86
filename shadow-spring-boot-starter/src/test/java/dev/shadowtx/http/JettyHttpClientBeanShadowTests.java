package dev.shadowtx.http;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Jetty client declared as a bean and started by Spring obeys the outbound policy like Spring's
 * clients, except that a blocked call with a stub is refused (Jetty cannot answer without a
 * server).
 */
class JettyHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, JettyConfiguration.class);
    }

    @Override
    boolean answersStubs() {
        return false;
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(HttpClient.class));
    }

    static Client client(HttpClient client) {
        return (method, url, headers, body) -> {
            Request request = client.newRequest(url).method(method);
            request.headers((fields) -> headers.forEach(fields::put));
            if (body != null) {
                request.body(new StringRequestContent(headers.getOrDefault("Content-Type", "text/plain"), body));
            }
            try {
                ContentResponse response = request.send();
                return new Reply(response.getStatus(), response.getContentAsString());
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof ShadowBlockedException blocked) {
                    throw blocked;
                }
                throw new IllegalStateException(ex);
            } catch (InterruptedException | java.util.concurrent.TimeoutException ex) {
                throw new IllegalStateException(ex);
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class JettyConfiguration {

        @Bean(initMethod = "start", destroyMethod = "stop")
        HttpClient vendorJettyClient() {
            return new HttpClient();
        }
    }
}
