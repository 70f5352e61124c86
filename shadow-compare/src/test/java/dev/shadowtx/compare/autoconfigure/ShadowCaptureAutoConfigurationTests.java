package dev.shadowtx.compare.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.compare.capture.ExchangeCapture;
import dev.shadowtx.compare.capture.ExchangePublisher;
import dev.shadowtx.compare.capture.ServiceIdentity;
import dev.shadowtx.compare.capture.reactive.ExchangeCaptureWebFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class ShadowCaptureAutoConfigurationTests {

    private static final String KEY = "shadow.compare.capture.redact.key=0123456789abcdef0123456789abcdef";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowCaptureAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1");

    @Test
    void backsOffUnlessCaptureIsEnabled() {
        this.runner.run((context) -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(ExchangeCapture.class)
                .doesNotHaveBean(ExchangePublisher.class));
    }

    @Test
    void registersTheServletFilterWithTheDefaultsWithoutAKeySinceNoCapturedHeaderIsRedacted() {
        this.runner.withPropertyValues("shadow.compare.capture.enabled=true").run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(ExchangeCapture.class);
            assertThat(context.getBeansOfType(FilterRegistrationBean.class)).containsKey("shadowExchangeCaptureFilter");
        });
    }

    @Test
    void failsAtStartupNamingTheKeyWhenACapturedHeaderIsRedactedAndNoKeyIsSet() {
        this.runner
                .withPropertyValues(
                        "shadow.compare.capture.enabled=true", "shadow.compare.capture.request-headers=Authorization")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("shadow.compare.capture.redact.key")
                        .hasMessageContaining("authorization"));
        this.runner
                .withPropertyValues(
                        "shadow.compare.capture.enabled=true",
                        "shadow.compare.capture.request-headers=Authorization",
                        KEY)
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void failsAtStartupNamingTheSampleRateWhenItIsOutOfRange() {
        this.runner
                .withPropertyValues("shadow.compare.capture.enabled=true", "shadow.compare.capture.sample-rate=2")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("shadow.compare.capture.sample-rate"));
    }

    @Test
    void theVersionIsTheConfiguredOneThenBuildInfoThenApplicationVersionThenUnknown() {
        WebApplicationContextRunner enabled = this.runner.withPropertyValues("shadow.compare.capture.enabled=true");
        Properties build = new Properties();
        build.setProperty("version", "2.4.0");
        enabled.withPropertyValues("spring.application.version=2.3.9")
                .run((context) -> assertThat(version(context)).isEqualTo("2.3.9"));
        enabled.withBean(BuildProperties.class, () -> new BuildProperties(build))
                .withPropertyValues("spring.application.version=2.3.9")
                .run((context) -> assertThat(version(context)).isEqualTo("2.4.0"));
        enabled.withBean(BuildProperties.class, () -> new BuildProperties(build))
                .withPropertyValues("shadow.compare.version=candidate-7")
                .run((context) -> assertThat(version(context)).isEqualTo("candidate-7"));
        enabled.run((context) -> assertThat(version(context)).isEqualTo("unknown"));
    }

    @Test
    void registersTheWebFilterInReactiveApplicationsAndTheMeters() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowCaptureAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("shadow.compare.capture.enabled=true")
                .run((context) -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ExchangeCaptureWebFilter.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBeansOfType(io.micrometer.core.instrument.binder.MeterBinder.class)
                            .values()
                            .forEach((binder) -> binder.bindTo(registry));
                    assertThat(registry.get("shadow.compare.capture.dropped")
                                    .tag("reason", "queue-full")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("shadow.compare.capture.skipped")
                                    .tag("reason", "streaming")
                                    .functionCounter())
                            .isNotNull();
                });
    }

    private static String version(org.springframework.context.ApplicationContext context) {
        return context.getBean(ServiceIdentity.class).version();
    }
}
