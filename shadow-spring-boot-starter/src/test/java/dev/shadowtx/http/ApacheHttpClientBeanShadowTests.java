package dev.shadowtx.http;

import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An Apache HttpClient 5 (classic) client declared as a bean obeys the outbound policy like
 * Spring's clients.
 */
class ApacheHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, ApacheConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(CloseableHttpClient.class));
    }

    static Client client(CloseableHttpClient client) {
        return (method, url, headers, body) -> {
            ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(url);
            headers.forEach(builder::setHeader);
            if (body != null) {
                String contentType = headers.get("Content-Type");
                builder.setEntity(new StringEntity(
                        body, (contentType != null) ? ContentType.parse(contentType) : ContentType.TEXT_PLAIN));
            }
            ClassicHttpRequest request = builder.build();
            try {
                return client.execute(
                        request,
                        (response) -> new Reply(
                                response.getCode(),
                                (response.getEntity() != null)
                                        ? EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)
                                        : ""));
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheConfiguration {

        @Bean(destroyMethod = "close")
        CloseableHttpClient vendorClient() {
            return HttpClients.createDefault();
        }
    }
}
