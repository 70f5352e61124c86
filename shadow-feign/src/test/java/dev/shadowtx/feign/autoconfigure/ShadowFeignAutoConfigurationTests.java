package dev.shadowtx.feign.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundRuleLookup;
import dev.shadowtx.feign.ShadowFeignCapability;
import dev.shadowtx.feign.ShadowFeignClient;
import feign.Capability;
import feign.Client;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

class ShadowFeignAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowFeignAutoConfiguration.class));

    @Test
    void registersTheCapabilityAndThePolicy() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ShadowFeignCapability.class);
            assertThat(context).hasSingleBean(MarkerPropagation.class);
            assertThat(context.getBean(ShadowFeignAutoConfiguration.FEIGN_POLICY_BEAN_NAME, OutboundPolicy.class)
                            .getChannel())
                    .isEqualTo("feign");
            assertThat(context.getBean(Capability.class)).isSameAs(context.getBean(ShadowFeignCapability.class));
        });
    }

    @Test
    void capabilityDecoratesAClientOnce() {
        this.runner.run((context) -> {
            ShadowFeignCapability capability = context.getBean(ShadowFeignCapability.class);
            Client client = new Client.Default(null, null);
            Client decorated = capability.enrich(client);
            assertThat(decorated)
                    .isInstanceOfSatisfying(
                            ShadowFeignClient.class,
                            (shadow) -> assertThat(shadow.getDelegate()).isSameAs(client));
            assertThat(capability.enrich(decorated)).isSameAs(decorated);
        });
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("shadow.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowFeignCapability.class);
            assertThat(context).doesNotHaveBean(OutboundPolicy.class);
            assertThat(context).doesNotHaveBean(MarkerPropagation.class);
            assertThat(context).doesNotHaveBean(ShadowFeignProperties.class);
        });
    }

    @Test
    void backsOffWithoutFeign() {
        this.runner.withClassLoader(new FilteredClassLoader(Capability.class)).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ShadowFeignCapability.class);
        });
    }

    @Test
    void worksWithoutTheLoadBalancer() {
        this.runner
                .withClassLoader(new FilteredClassLoader(LoadBalancerClientFactory.class))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowFeignCapability.class).enrich(new Client.Default(null, null)))
                            .isInstanceOf(ShadowFeignClient.class);
                });
    }

    @Test
    void usesTheSharedPropertiesReadByTheStarter() {
        this.runner
                .withPropertyValues(
                        "shadow.detection.header=X-Mirror",
                        "shadow.detection.baggage-key=",
                        "shadow.propagation.exclude-hosts=api.stripe.com")
                .run((context) -> {
                    MarkerPropagation propagation = context.getBean(MarkerPropagation.class);
                    assertThat(propagation.getHeaderName()).isEqualTo("X-Mirror");
                    assertThat(propagation.getBaggageKey()).isNull();
                    assertThat(propagation.getExcludedHosts())
                            .extracting(Object::toString)
                            .isEqualTo(List.of("api.stripe.com"));
                });
    }

    @Test
    void usesTheStartersPropagationWhenPresent() {
        MarkerPropagation shared = new MarkerPropagation("X-Shared", "shadow", List.of());
        this.runner
                .withBean(MarkerPropagation.class, () -> shared)
                .run((context) ->
                        assertThat(context.getBean(MarkerPropagation.class)).isSameAs(shared));
    }

    @Test
    void guardsFeignUnderTheDefaultNamesWithoutTheStarter() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ShadowFeignAutoConfiguration.class))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowFeignCapability.class).enrich(new Client.Default(null, null)))
                            .isInstanceOf(ShadowFeignClient.class);
                    MarkerPropagation propagation = context.getBean(
                                    ShadowFeignAutoConfiguration.FEIGN_POLICY_BEAN_NAME, OutboundPolicy.class)
                            .getPropagation();
                    assertThat(propagation.getHeaderName()).isEqualTo("X-Shadow");
                    assertThat(propagation.getBaggageKey()).isEqualTo("shadow");
                    assertThat(propagation.getExcludedHosts()).isEmpty();
                });
    }

    @Test
    void failsWithoutTheStarterWhenTheMarkerIsConfiguredRatherThanPropagateAnotherName() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ShadowFeignAutoConfiguration.class))
                .withPropertyValues("shadow.propagation.exclude-hosts=api.stripe.com")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("shadow.propagation.exclude-hosts")
                            .hasMessageContaining("shadow-spring-boot-starter");
                });
    }

    @Test
    void usersOwnBeansWin() {
        OutboundPolicy policy = new OutboundPolicy(
                "feign", OutboundRuleLookup.NONE, MarkerPropagation.defaults(), () -> ShadowRecorder.NOOP);
        ShadowFeignCapability capability = new ShadowFeignCapability(policy);
        this.runner
                .withBean(ShadowFeignAutoConfiguration.FEIGN_POLICY_BEAN_NAME, OutboundPolicy.class, () -> policy)
                .withBean(ShadowFeignCapability.class, () -> capability)
                .run((context) -> {
                    assertThat(context.getBean(OutboundPolicy.class)).isSameAs(policy);
                    assertThat(context.getBean(ShadowFeignCapability.class)).isSameAs(capability);
                });
    }

    @Test
    void rerouteWithoutUrlFailsStartupNamingTheProperty() {
        assertStartupFails("shadow.feign.clients.payments.url", "shadow.feign.clients.payments.action=REROUTE");
    }

    @Test
    void malformedUrlFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.feign.clients.payments.url",
                "shadow.feign.clients.payments.action=REROUTE",
                "shadow.feign.clients.payments.url=http//microcks");
    }

    @Test
    void unknownActionFailsStartupNamingTheProperty() {
        assertStartupFails("shadow.feign.clients.payments.action", "shadow.feign.clients.payments.action=IGNORE");
    }

    @Test
    void invalidHeaderNameFailsStartupNamingTheProperty() {
        assertStartupFails("shadow.detection.header", "shadow.detection.header=X Shadow");
    }

    @Test
    void excludedHostThatIsAUrlFailsStartupNamingTheProperty() {
        assertStartupFails("shadow.propagation.exclude-hosts[0]", "shadow.propagation.exclude-hosts=http://maps");
    }

    private void assertStartupFails(String property, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getName())
                            .isEqualTo(property));
        });
    }
}
