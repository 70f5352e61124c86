package dev.shadowtx.feign.autoconfigure;

import dev.shadowtx.feign.ShadowFeignCapability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's {@link ShadowFeignCapability} as a bean of each Feign client's own context,
 * under the name of the application's bean: the default configuration of every client, so that a
 * client that does not inherit the application's context ({@code inheritParentContext(false)} of
 * {@code FeignClientBuilder}) gets the shadow policy too. Never part of the application's context
 * itself. A client context without the application's context behind it fails the client's
 * creation rather than leaving it without the policy.
 */
@Configuration(proxyBeanMethods = false)
final class ClientContextCapability {

    @Bean("shadowFeignCapability")
    ShadowFeignCapability shadowFeignCapability(ApplicationContext clientContext) {
        ApplicationContext application = clientContext.getParent();
        if (application == null) {
            throw new IllegalStateException(
                    "A Feign client context has no application context to take the shadow policy from");
        }
        return application.getBean(ShadowFeignCapability.class);
    }
}
