package dev.shadowtx.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Refuses to start a reactive web application: shadowtx reads inbound markers with a servlet
 * filter, so in a WebFlux server a marked request would silently run as live — exactly the
 * failure shadowtx exists to prevent. An application that only needs the other guards (Kafka
 * consumers, outbound clients) acknowledges that its inbound HTTP requests are not read with
 * {@code shadow.web.allow-unguarded-reactive=true}.
 */
@AutoConfiguration(after = ShadowAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "shadow.web.allow-unguarded-reactive", havingValue = false, matchIfMissing = true)
public final class ShadowReactiveWebAutoConfiguration {

    @Bean
    static Object shadowReactiveWebRefusal() {
        throw new InvalidConfigurationPropertyValueException(
                "shadow.web.allow-unguarded-reactive",
                false,
                "This is a reactive (WebFlux) web application: shadowtx reads shadow markers on servlet "
                        + "requests only, so marked HTTP requests here would run as live. Run the service on "
                        + "Spring MVC, set shadow.enabled=false, or set shadow.web.allow-unguarded-reactive=true "
                        + "if no marked traffic reaches this service over HTTP");
    }
}
