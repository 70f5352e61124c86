package dev.shadowtx.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * A Feign client declared the usual way ({@code @EnableFeignClients}, {@code @FeignClient}) in an
 * application without shadow-feign, the module that guards it, calling a real server (WireMock):
 * the audit's own catalogue lists it as uncovered, of the {@code feign} kind, and the monitor
 * refuses its calls in shadow before any request leaves, while the live twin's call reaches the
 * server. Strict mode refuses to start on it.
 */
class FeignWithoutItsModuleTests {

    private final WireMockServer payments =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    FeignAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(FeignClients.class);

    @BeforeEach
    void startPayments() {
        this.payments.start();
        this.payments.stubFor(
                any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("charged")));
    }

    @AfterEach
    void stopPayments() {
        this.payments.stop();
    }

    @Test
    void theGuardModuleIsAbsentFromTheClassPath() {
        assertThat(ClassUtils.isPresent(
                        "dev.shadowtx.feign.FeignChannelInspector", getClass().getClassLoader()))
                .isFalse();
    }

    @Test
    void aFeignClientIsListedUncoveredAndRefusedInShadowBeforeAnyRequestWhileTheLiveTwinReachesTheServer() {
        this.runner
                .withPropertyValues("payments.url=" + this.payments.baseUrl())
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .uncovered())
                            .extracting(
                                    AuditedChannel::beanName,
                                    (channel) -> channel.kind().tagValue())
                            .containsExactly(tuple(PaymentsClient.class.getName(), "feign"));
                    PaymentsClient client = context.getBean(PaymentsClient.class);

                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> ShadowTraffic.runIsolated(
                                    ShadowMode.SHADOW, () -> client.charge("{\"order\":\"shadow-order\"}")))
                            .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("feign"));
                    assertThat(this.payments.getAllServeEvents()).isEmpty();
                    assertThat(context.getBean(MeterRegistry.class)
                                    .get("shadow.audit.uncovered.calls")
                                    .tag("channel", "feign")
                                    .counter()
                                    .count())
                            .isEqualTo(1);

                    assertThat(client.charge("{\"order\":\"live-order\"}")).isEqualTo("charged");
                    assertThat(this.payments.findAll(anyRequestedFor(anyUrl())))
                            .singleElement()
                            .extracting(LoggedRequest::getBodyAsString)
                            .isEqualTo("{\"order\":\"live-order\"}");
                });
    }

    @Test
    void strictModeRefusesToStartOnAFeignClientWithoutItsModule() {
        this.runner
                .withPropertyValues("payments.url=" + this.payments.baseUrl(), "shadow.audit.strict=true")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("shadow.audit.strict")
                            .hasMessageContaining("'" + PaymentsClient.class.getName() + "' (feign")
                            .hasMessageContaining("dev.shadowtx:shadow-feign");
                });
    }

    @FeignClient(name = "payments", url = "${payments.url}")
    interface PaymentsClient {

        @PostMapping("/v1/charges")
        String charge(@RequestBody String order);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableFeignClients(clients = PaymentsClient.class)
    static class FeignClients {}
}
