package dev.shadowtx.async.autoconfigure;

import dev.shadowtx.async.ShadowCallableProcessingInterceptor;
import dev.shadowtx.async.ShadowTaskExecutorPostProcessor;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Carries the shadow context wherever a unit of work continues on another thread: executor and
 * scheduler beans ({@code @Async}, {@code CompletableFuture}, async event listeners, virtual
 * threads), Spring MVC async request processing, and Reactor operators. Without it, a write
 * moved to another thread would commit.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowAsyncProperties.class)
public final class ShadowAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.async.executors", matchIfMissing = true)
    static ShadowTaskExecutorPostProcessor shadowTaskExecutorPostProcessor() {
        return new ShadowTaskExecutorPostProcessor();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class MvcAsyncConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "shadowMvcAsyncConfigurer")
        WebMvcConfigurer shadowMvcAsyncConfigurer() {
            return new WebMvcConfigurer() {

                @Override
                public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                    configurer.registerCallableInterceptors(new ShadowCallableProcessingInterceptor());
                }
            };
        }
    }

    /**
     * Turns Reactor's propagation on when it is created, so never lazily: under
     * {@code spring.main.lazy-initialization=true} nothing would ask for it, and shadow work on a
     * Reactor scheduler would run live.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Hooks")
    @ConditionalOnBooleanProperty(name = "shadow.async.reactor", matchIfMissing = true)
    @Lazy(false)
    static class ReactorConfiguration {

        ReactorConfiguration() {
            ReactorContextPropagation.enable();
        }
    }
}
