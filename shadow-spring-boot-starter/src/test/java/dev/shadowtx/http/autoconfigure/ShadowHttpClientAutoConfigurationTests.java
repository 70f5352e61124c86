package dev.shadowtx.http.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundRuleLookup;
import dev.shadowtx.http.ShadowClientHttpRequestInterceptor;
import dev.shadowtx.http.ShadowExchangeFilterFunction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

class ShadowHttpClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class));

    @Test
    void registersThePolicyAndTheClientIntegrations() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MarkerPropagation.class);
            assertThat(context).hasBean(ShadowHttpClientAutoConfiguration.HTTP_POLICY_BEAN_NAME);
            assertThat(context).hasSingleBean(ShadowClientHttpRequestInterceptor.class);
            assertThat(context).hasSingleBean(ShadowExchangeFilterFunction.class);
            assertThat(context).hasBean("shadowRestClientCustomizer");
            assertThat(context).hasBean("shadowRestTemplateCustomizer");
            assertThat(context).hasBean("shadowWebClientCustomizer");
            assertThat(context.getBean(OutboundPolicy.class).getChannel()).isEqualTo("http");
        });
    }

    @Test
    void bootsBuildersAreCustomized() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        HttpMessageConvertersAutoConfiguration.class,
                        RestClientAutoConfiguration.class,
                        RestTemplateAutoConfiguration.class))
                .run((context) -> {
                    context.getBean(RestClient.Builder.class)
                            .requestInterceptors((interceptors) -> assertThat(interceptors)
                                    .containsExactly(context.getBean(ShadowClientHttpRequestInterceptor.class)));
                    assertThat(context.getBean(RestTemplateBuilder.class)
                                    .build()
                                    .getInterceptors())
                            .containsExactly(context.getBean(ShadowClientHttpRequestInterceptor.class));
                });
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class))
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(MarkerPropagation.class);
                    assertThat(context).doesNotHaveBean(OutboundPolicy.class);
                    assertThat(context).doesNotHaveBean(ShadowClientHttpRequestInterceptor.class);
                    assertThat(context).doesNotHaveBean(ShadowExchangeFilterFunction.class);
                    assertThat(context).doesNotHaveBean("shadowRestClientCustomizer");
                    assertThat(context).doesNotHaveBean(ShadowHttpProperties.class);
                    context.getBean(RestClient.Builder.class)
                            .requestInterceptors(
                                    (interceptors) -> assertThat(interceptors).isEmpty());
                });
    }

    @Test
    void backsOffFromWebClientWithoutWebFlux() {
        this.runner.withClassLoader(new FilteredClassLoader(WebClient.class)).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ShadowExchangeFilterFunction.class);
            assertThat(context).doesNotHaveBean("shadowWebClientCustomizer");
            assertThat(context).hasSingleBean(ShadowClientHttpRequestInterceptor.class);
        });
    }

    @Test
    void keepsTheInterceptorForHandBuiltClientsWithoutBootsClientModules() {
        this.runner
                .withClassLoader(new FilteredClassLoader(
                        RestClientCustomizer.class, RestTemplateCustomizer.class, WebClientCustomizer.class))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ShadowClientHttpRequestInterceptor.class);
                    assertThat(context).hasSingleBean(ShadowExchangeFilterFunction.class);
                    assertThat(context).doesNotHaveBean("shadowRestClientCustomizer");
                    assertThat(context).doesNotHaveBean("shadowRestTemplateCustomizer");
                    assertThat(context).doesNotHaveBean("shadowWebClientCustomizer");
                });
    }

    @Test
    void keepsThePropagationWithoutSpringWeb() {
        this.runner
                .withClassLoader(new FilteredClassLoader(ClientHttpRequestInterceptor.class, WebClient.class))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MarkerPropagation.class);
                    assertThat(context).doesNotHaveBean(ShadowClientHttpRequestInterceptor.class);
                    assertThat(context).doesNotHaveBean(ShadowExchangeFilterFunction.class);
                });
    }

    @Test
    void usersOwnBeansWin() {
        MarkerPropagation propagation = MarkerPropagation.defaults();
        OutboundPolicy policy =
                new OutboundPolicy("http", OutboundRuleLookup.NONE, propagation, () -> ShadowRecorder.NOOP);
        ShadowClientHttpRequestInterceptor interceptor = new ShadowClientHttpRequestInterceptor(policy);
        ShadowExchangeFilterFunction filter = new ShadowExchangeFilterFunction(policy);
        this.runner
                .withBean(MarkerPropagation.class, () -> propagation)
                .withBean(ShadowHttpClientAutoConfiguration.HTTP_POLICY_BEAN_NAME, OutboundPolicy.class, () -> policy)
                .withBean(ShadowClientHttpRequestInterceptor.class, () -> interceptor)
                .withBean(ShadowExchangeFilterFunction.class, () -> filter)
                .run((context) -> {
                    assertThat(context.getBean(MarkerPropagation.class)).isSameAs(propagation);
                    assertThat(context.getBean(OutboundPolicy.class)).isSameAs(policy);
                    assertThat(context.getBean(ShadowClientHttpRequestInterceptor.class))
                            .isSameAs(interceptor);
                    assertThat(context.getBean(ShadowExchangeFilterFunction.class))
                            .isSameAs(filter);
                });
    }

    @Test
    void propagationFollowsTheDetectionProperties() {
        this.runner
                .withPropertyValues(
                        "shadow.detection.header=X-Mirror",
                        "shadow.detection.baggage-key=",
                        "shadow.propagation.exclude-hosts=api.stripe.com,*.maps.example.org")
                .run((context) -> {
                    MarkerPropagation propagation = context.getBean(MarkerPropagation.class);
                    assertThat(propagation.getHeaderName()).isEqualTo("X-Mirror");
                    assertThat(propagation.getBaggageKey()).isNull();
                    assertThat(propagation.getExcludedHosts())
                            .extracting(Object::toString)
                            .isEqualTo(List.of("api.stripe.com", "*.maps.example.org"));
                });
    }

    @Test
    void rerouteWithoutUrlFailsStartupNamingTheProperty() {
        assertStartupFails("shadow.http.destinations.payments.url", "shadow.http.destinations.payments.action=REROUTE");
    }

    @Test
    void malformedUrlFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.http.destinations.payments.url",
                "shadow.http.destinations.payments.action=REROUTE",
                "shadow.http.destinations.payments.url=hoverfly 8500");
    }

    @Test
    void unknownActionFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.http.destinations[payments.internal].action",
                "shadow.http.destinations[payments.internal].action=SKIP");
    }

    @Test
    void urlWithoutRerouteFailsStartupNamingTheAction() {
        assertStartupFails(
                "shadow.http.destinations.payments.action",
                "shadow.http.destinations.payments.action=PROPAGATE",
                "shadow.http.destinations.payments.url=http://hoverfly:8500");
    }

    @Test
    void invalidStubStatusFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.http.destinations.payments.stub.status", "shadow.http.destinations.payments.stub.status=700");
    }

    @Test
    void excludedHostThatIsAUrlFailsStartupNamingTheProperty() {
        assertStartupFails(
                "shadow.propagation.exclude-hosts[1]",
                "shadow.propagation.exclude-hosts=api.stripe.com,https://maps.example.org");
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
