package dev.shadowtx.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shadowtx.annotation.autoconfigure.ShadowAnnotationsAutoConfiguration;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.annotation.LiveOnly;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * A client of a library no inspection knows (a vendor SDK, played by a WireMock server) is listed
 * by the leak audit as {@code unknown}, so that strict mode refuses to start until it is taught,
 * accepted or kept to {@code @LiveOnly} code.
 */
class UnknownClientsAuditTests {

    private final WireMockServer vendor =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowHttpClientAutoConfiguration.class,
                    ShadowAnnotationsAutoConfiguration.class,
                    AopAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @BeforeEach
    void startVendor() {
        this.vendor.start();
        this.vendor.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("booked")));
    }

    @AfterEach
    void stopVendor() {
        this.vendor.stop();
        ShadowContextHolder.clear();
    }

    @Test
    void clientBeansOfKindsNoInspectionKnowsAreListedAsUnknownAndUncovered() {
        this.runner
                .withPropertyValues("vendor.port=" + this.vendor.port())
                .withUserConfiguration(VendorClients.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    ChannelInventory inventory =
                            context.getBean(ShadowLeakAudit.class).inventory();
                    assertThat(kinds(inventory))
                            .containsEntry("ledgerClient", "unknown uncovered")
                            .containsEntry("lettuceClient", "unknown uncovered");
                    assertThat(inventory.report())
                            .contains("NOT COVERED  [unknown] ledgerClient (" + LedgerClient.class.getName() + ")")
                            .contains("[unknown] lettuceClient (io.lettuce.core.RedisClient)")
                            .contains("ChannelInspector");
                });
    }

    @Test
    void configurationClassesAndHttpInterfaceClientsAreNotTakenForUnknownClients() {
        this.runner
                .withPropertyValues("vendor.port=" + this.vendor.port())
                .withUserConfiguration(BillingClient.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    Map<String, String> kinds =
                            kinds(context.getBean(ShadowLeakAudit.class).inventory());
                    assertThat(kinds).containsEntry("vendorRestClient", "http guarded");
                    assertThat(kinds).doesNotContainKey("ordersClient");
                    assertThat(kinds.values()).noneMatch((kind) -> kind.startsWith("unknown"));
                    assertThat(context.getBeansOfType(OrdersClient.class)).hasSize(1);
                });
    }

    @Test
    void strictModeRefusesToStartOnAClientOfAnUnknownKind() {
        this.runner
                .withPropertyValues("vendor.port=" + this.vendor.port(), "shadow.audit.strict=true")
                .withUserConfiguration(VendorClients.class)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("shadow.audit.strict")
                            .hasMessageContaining("'ledgerClient' (unknown, " + LedgerClient.class.getName())
                            .hasMessageContaining("'lettuceClient' (unknown, io.lettuce.core.RedisClient)")
                            .hasMessageContaining("shadow.audit.accepted=ledgerClient");
                });
    }

    @Test
    void strictModeStartsOnceTheUnknownClientsAreAccepted() {
        this.runner
                .withPropertyValues(
                        "vendor.port=" + this.vendor.port(),
                        "shadow.audit.strict=true",
                        "shadow.audit.accepted=ledgerClient,lettuceClient")
                .withUserConfiguration(VendorClients.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(kinds(context.getBean(ShadowLeakAudit.class).inventory()))
                            .containsEntry("ledgerClient", "unknown accepted")
                            .containsEntry("lettuceClient", "unknown accepted");
                });
    }

    @Test
    void anUnknownClientWhoseClassIsLiveOnlyLetsStrictModeStartAndNeverCallsTheVendorInShadow() {
        this.runner
                .withPropertyValues("vendor.port=" + this.vendor.port(), "shadow.audit.strict=true")
                .withUserConfiguration(LiveOnlyVendorClient.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(kinds(context.getBean(ShadowLeakAudit.class).inventory()))
                            .containsEntry("paymentsSdkClient", "unknown live-only");
                    PaymentsSdkClient client = context.getBean(PaymentsSdkClient.class);

                    ShadowContextHolder.set(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER));
                    assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> client.charge("shadow-1"));
                    ShadowContextHolder.clear();
                    assertThat(this.vendor.findAll(anyRequestedFor(anyUrl()))).isEmpty();

                    assertThat(client.charge("live-1")).isEqualTo("booked");
                    assertThat(this.vendor.findAll(anyRequestedFor(anyUrl())))
                            .singleElement()
                            .satisfies((request) -> assertThat(request.getUrl()).isEqualTo("/charges/live-1"));
                });
    }

    private static Map<String, String> kinds(ChannelInventory inventory) {
        return inventory.channels().stream()
                .collect(Collectors.toMap(
                        AuditedChannel::beanName,
                        (channel) -> channel.kind().tagValue() + " "
                                + channel.coverage().value()));
    }

    /**
     * A vendor SDK's client: it calls its service over HTTP on a socket of its own, no bean.
     */
    static class LedgerClient {

        private final int port;

        LedgerClient(int port) {
            this.port = port;
        }

        public String charge(String order) {
            try {
                return RawHttp.send(this.port, "POST", "/charges/" + order, Map.of(), "")
                        .body();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * The same SDK wrapped by the application, every public method {@code @LiveOnly}.
     */
    @LiveOnly
    static class PaymentsSdkClient {

        private final LedgerClient ledger;

        PaymentsSdkClient(LedgerClient ledger) {
            this.ledger = ledger;
        }

        public String charge(String order) {
            return this.ledger.charge(order);
        }
    }

    interface OrdersClient {

        @PostExchange("/orders")
        String place();
    }

    @Configuration(proxyBeanMethods = false)
    static class VendorClients {

        @Bean
        LedgerClient ledgerClient(Environment environment) {
            return new LedgerClient(environment.getRequiredProperty("vendor.port", Integer.class));
        }

        @Bean(destroyMethod = "shutdown")
        RedisClient lettuceClient() {
            return RedisClient.create("redis://127.0.0.1:1");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LiveOnlyVendorClient {

        @Bean
        PaymentsSdkClient paymentsSdkClient(Environment environment) {
            return new PaymentsSdkClient(
                    new LedgerClient(environment.getRequiredProperty("vendor.port", Integer.class)));
        }
    }

    /**
     * A configuration class whose name ends like a client's, declaring an HTTP interface client
     * over a {@code RestClient}: neither is a client of an unknown kind.
     */
    @Configuration(proxyBeanMethods = false)
    static class BillingClient {

        @Bean
        RestClient vendorRestClient(Environment environment) {
            return RestClient.create(
                    "http://127.0.0.1:" + environment.getRequiredProperty("vendor.port", Integer.class));
        }

        @Bean
        OrdersClient ordersClient(RestClient vendorRestClient) {
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(vendorRestClient))
                    .build()
                    .createClient(OrdersClient.class);
        }
    }
}
