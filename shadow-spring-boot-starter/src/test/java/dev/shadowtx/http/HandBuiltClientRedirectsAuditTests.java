package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.AuditedChannels;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The leak audit lists a client built by hand over a request factory or connector the library
 * does not know as guarded by refusing its shadow calls, and says why; a client over a factory
 * whose redirects are decided is listed as guarded like any other.
 */
class HandBuiltClientRedirectsAuditTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowHttpClientAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withUserConfiguration(
                    HandBuiltClientRedirectTests.OwnFactoryRestTemplate.class,
                    HandBuiltClientRedirectTests.JettyWebClient.class,
                    HandBuiltClientRedirectTests.ApacheRestTemplate.class,
                    HandBuiltClientRedirectTests.ReactorWebClient.class);

    @Test
    void clientOverAFactoryNotKnownIsListedWithItsShadowCallsRefusedAndWhy() {
        this.runner.run((context) -> {
            assertThat(channel(context, "ownFactoryTemplate").isCovered()).isTrue();
            assertThat(channel(context, "ownFactoryTemplate").detail())
                    .contains("every shadow call it does not block is refused")
                    .contains(HandBuiltClientRedirectTests.OwnFactory.class.getName())
                    .contains("may follow redirects that the shadow policy cannot decide");
            assertThat(channel(context, "jettyWebClient").isCovered()).isTrue();
            assertThat(channel(context, "jettyWebClient").detail())
                    .contains("every shadow call it does not block is refused")
                    .contains("JettyClientHttpConnector");
        });
    }

    @Test
    void clientOverAFactoryWhoseRedirectsAreDecidedIsListedGuardedAsUsual() {
        this.runner.run((context) -> {
            assertThat(channel(context, "apacheTemplate").isCovered()).isTrue();
            assertThat(channel(context, "apacheTemplate").detail()).doesNotContain("refused");
            assertThat(channel(context, "reactorWebClient").isCovered()).isTrue();
            assertThat(channel(context, "reactorWebClient").detail()).doesNotContain("refused");
        });
    }

    private static AuditedChannel channel(AssertableApplicationContext context, String beanName) {
        assertThat(context).hasNotFailed();
        return AuditedChannels.named(context, beanName);
    }
}
