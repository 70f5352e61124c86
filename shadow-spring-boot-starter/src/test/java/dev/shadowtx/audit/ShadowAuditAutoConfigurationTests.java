package dev.shadowtx.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shadowtx.actuate.ShadowEndpoint;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.audit.autoconfigure.ShadowAuditProperties;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.metrics.ShadowMeter;
import dev.shadowtx.http.ShadowClientHttpRequestInterceptor;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration;
import dev.shadowtx.r2dbc.autoconfigure.ShadowR2dbcAutoConfiguration;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

@ExtendWith(OutputCaptureExtension.class)
class ShadowAuditAutoConfigurationTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    ShadowR2dbcAutoConfiguration.class,
                    ShadowHttpClientAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    RestClientAutoConfiguration.class,
                    RestTemplateAutoConfiguration.class,
                    WebClientAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    /**
     * Hand-built HTTP clients left without the policy: the audit's own example of an uncovered
     * channel that sends requests.
     */
    private static final String HAND_BUILT_OFF = "shadow.http.hand-built-clients=false";

    private final WireMockServer live =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void startServer() {
        this.live.start();
        this.live.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("live")));
    }

    @AfterEach
    void stopServer() {
        this.live.stop();
        ShadowContextHolder.clear();
    }

    @Test
    void listsGuardedDataStoresAsCoveredAndMailAndRedisAsUncovered(CapturedOutput output) {
        this.runner
                .withUserConfiguration(DataStores.class, UnguardedChannels.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    ChannelInventory inventory =
                            context.getBean(ShadowLeakAudit.class).inventory();
                    assertThat(coverage(inventory))
                            .containsEntry("dataSource", ChannelCoverage.GUARDED)
                            .containsEntry("transactionManager", ChannelCoverage.GUARDED)
                            .containsEntry("mailSender", ChannelCoverage.UNCOVERED)
                            .containsEntry("stringRedisTemplate", ChannelCoverage.UNCOVERED);
                    assertThat(inventory.uncovered())
                            .extracting(AuditedChannel::beanName)
                            .containsExactly("mailSender", "stringRedisTemplate");
                    assertThat(output)
                            .contains("shadowtx leak audit:")
                            .contains(
                                    "NOT COVERED  [mail] mailSender (org.springframework.mail.javamail.JavaMailSenderImpl)")
                            .contains("NOT COVERED  [redis] stringRedisTemplate")
                            .contains("shadow.audit.accepted=mailSender");
                });
    }

    @Test
    void recognisesR2dbcConnectionFactoriesAndReactiveTransactionManagersAsGuardedChannels() {
        this.runner.withUserConfiguration(R2dbcStores.class).run((context) -> {
            ChannelInventory inventory = context.getBean(ShadowLeakAudit.class).inventory();
            assertThat(coverage(inventory))
                    .containsEntry("connectionFactory", ChannelCoverage.GUARDED)
                    .containsEntry("reactiveTransactionManager", ChannelCoverage.GUARDED);
            assertThat(inventory.channels())
                    .filteredOn((channel) -> channel.beanName().equals("connectionFactory"))
                    .singleElement()
                    .satisfies((channel) -> {
                        assertThat(channel.kind()).isSameAs(DataStoreChannelInspector.R2DBC);
                        assertThat(channel.detail()).isEqualTo("R2DBC guard: shadow commits become rollbacks");
                    });
        });
    }

    @Test
    void r2dbcChannelsWithTheirGuardsSwitchedOffAreUncoveredWithTheFix() {
        this.runner
                .withUserConfiguration(R2dbcStores.class)
                .withPropertyValues("shadow.r2dbc.guard=false", "shadow.transactions.rollback=false")
                .run((context) -> {
                    ChannelInventory inventory =
                            context.getBean(ShadowLeakAudit.class).inventory();
                    assertThat(inventory.uncovered())
                            .extracting(AuditedChannel::beanName, AuditedChannel::detail)
                            .contains(
                                    org.assertj.core.groups.Tuple.tuple(
                                            "connectionFactory", "not wrapped by the R2DBC guard"),
                                    org.assertj.core.groups.Tuple.tuple(
                                            "reactiveTransactionManager", "no transaction guard on it"));
                    assertThat(inventory.uncovered())
                            .filteredOn((channel) -> channel.beanName().equals("connectionFactory"))
                            .singleElement()
                            .extracting(AuditedChannel::fix)
                            .asString()
                            .contains("shadow.r2dbc.guard=true");
                });
    }

    @Test
    void strictModeRefusesToStartNamingEachUncoveredChannelAndItsFix() {
        this.runner
                .withUserConfiguration(DataStores.class, UnguardedChannels.class)
                .withPropertyValues("shadow.audit.strict=true")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("shadow.audit.strict")
                            .hasMessageContaining("'mailSender' (mail")
                            .hasMessageContaining("'stringRedisTemplate' (redis")
                            .hasMessageContaining("@LiveOnly")
                            .hasMessageNotContaining("'dataSource'");
                });
    }

    @Test
    void strictModeStartsOnceTheUncoveredChannelsAreAccepted() {
        this.runner
                .withUserConfiguration(DataStores.class, UnguardedChannels.class)
                .withPropertyValues("shadow.audit.strict=true", "shadow.audit.accepted=mailSender,stringRedisTemplate")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    ChannelInventory inventory =
                            context.getBean(ShadowLeakAudit.class).inventory();
                    assertThat(inventory.uncovered()).isEmpty();
                    assertThat(coverage(inventory))
                            .containsEntry("mailSender", ChannelCoverage.ACCEPTED)
                            .containsEntry("stringRedisTemplate", ChannelCoverage.ACCEPTED);
                });
    }

    @Test
    void aChannelUsedOnlyByLiveOnlyBeansIsCovered() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class, LiveOnlyUsers.class)
                .run((context) -> {
                    ChannelInventory inventory = new ChannelClassifier(
                                    context.getBeanFactory(), List.of(), TestLiveOnly.class.getName())
                            .classify();
                    assertThat(coverage(inventory))
                            .containsEntry("mailSender", ChannelCoverage.LIVE_ONLY)
                            .containsEntry("stringRedisTemplate", ChannelCoverage.UNCOVERED);
                    assertThat(inventory.channels())
                            .filteredOn((channel) -> channel.beanName().equals("mailSender"))
                            .singleElement()
                            .extracting(AuditedChannel::detail)
                            .asString()
                            .contains("newsletter");
                });
    }

    @Test
    void strictModeStartsWhenTheOnlyUserOfAChannelIsLiveOnly() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class, RealLiveOnlyUsers.class)
                .withPropertyValues("shadow.audit.strict=true", "shadow.audit.accepted=stringRedisTemplate")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(coverage(context.getBean(ShadowLeakAudit.class).inventory()))
                            .containsEntry("mailSender", ChannelCoverage.LIVE_ONLY);
                });
    }

    @Test
    void withoutTheLiveOnlyAnnotationOnTheClasspathTheRuleCoversNothing() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class, LiveOnlyUsers.class)
                .run((context) -> {
                    ChannelInventory inventory = new ChannelClassifier(
                                    context.getBeanFactory(), List.of(), "com.example.Missing")
                            .classify();
                    assertThat(coverage(inventory)).containsEntry("mailSender", ChannelCoverage.UNCOVERED);
                });
    }

    @Test
    void handBuiltClientBeansGetThePolicySoEveryHttpClientBeanIsGuarded() {
        this.runner.withUserConfiguration(HttpClients.class).run((context) -> {
            Map<String, ChannelCoverage> coverage =
                    coverage(context.getBean(ShadowLeakAudit.class).inventory());
            assertThat(coverage)
                    .containsEntry("handBuiltRestClient", ChannelCoverage.GUARDED)
                    .containsEntry("handBuiltRestTemplate", ChannelCoverage.GUARDED)
                    .containsEntry("handBuiltWebClient", ChannelCoverage.GUARDED)
                    .containsEntry("builtRestClient", ChannelCoverage.GUARDED)
                    .containsEntry("builtRestTemplate", ChannelCoverage.GUARDED)
                    .containsEntry("builtWebClient", ChannelCoverage.GUARDED);
            assertThat(context.getBean("handBuiltWebClient"))
                    .isNotInstanceOf(org.springframework.aop.framework.Advised.class);
            assertThat(context.getBean("handBuiltRestClient"))
                    .isNotInstanceOf(org.springframework.aop.framework.Advised.class);
        });
    }

    @Test
    void aHandBuiltRestClientIsUncoveredWhenHandBuiltClientsAreLeftAloneWhileClientsFromBootsBuildersAreCovered() {
        this.runner
                .withUserConfiguration(HttpClients.class)
                .withPropertyValues(HAND_BUILT_OFF)
                .run((context) -> {
                    Map<String, ChannelCoverage> coverage =
                            coverage(context.getBean(ShadowLeakAudit.class).inventory());
                    assertThat(coverage)
                            .containsEntry("handBuiltRestClient", ChannelCoverage.UNCOVERED)
                            .containsEntry("handBuiltRestTemplate", ChannelCoverage.UNCOVERED)
                            .containsEntry("builtRestClient", ChannelCoverage.GUARDED)
                            .containsEntry("builtRestTemplate", ChannelCoverage.GUARDED)
                            .containsEntry("appliedRestTemplate", ChannelCoverage.GUARDED)
                            .containsEntry("restClientBuilder", ChannelCoverage.GUARDED)
                            .containsEntry("restTemplateBuilder", ChannelCoverage.GUARDED)
                            .containsEntry("handBuiltWebClient", ChannelCoverage.UNCOVERED)
                            .containsEntry("builtWebClient", ChannelCoverage.GUARDED)
                            .containsEntry("webClientBuilder", ChannelCoverage.GUARDED);
                    // watched by an opaque proxy: an AOP proxy that cannot be taken apart
                    assertThat(context.getBean("handBuiltWebClient"))
                            .matches(org.springframework.aop.support.AopUtils::isAopProxy)
                            .isNotInstanceOf(org.springframework.aop.framework.Advised.class);
                    assertThat(context.getBean("builtWebClient"))
                            .isNotInstanceOf(org.springframework.aop.framework.Advised.class);
                });
    }

    @Test
    void anUncoveredChannelUsedInShadowIsCountedEachTimeAndLoggedOnce(CapturedOutput output) {
        this.runner
                .withUserConfiguration(HttpClients.class)
                .withPropertyValues(
                        "live.url=" + this.live.baseUrl(), "shadow.audit.block-uncovered=false", HAND_BUILT_OFF)
                .run((context) -> {
                    RestClient client = context.getBean("handBuiltRestClient", RestClient.class);
                    client.get().uri(this.live.baseUrl() + "/live").retrieve().toBodilessEntity();
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        client.get()
                                .uri(this.live.baseUrl() + "/one")
                                .retrieve()
                                .toBodilessEntity();
                        client.get()
                                .uri(this.live.baseUrl() + "/two")
                                .retrieve()
                                .toBodilessEntity();
                    }
                    assertThat(this.live.findAll(anyRequestedFor(anyUrl()))).hasSize(3);
                    assertThat(uncoveredCalls(context.getBean(MeterRegistry.class), "http"))
                            .isEqualTo(2.0);
                    assertThat(output.toString()
                                    .split("Uncovered http channel 'handBuiltRestClient' used in a shadow", -1))
                            .hasSize(2);
                    assertThat(context.getBean(ShadowDecisionLog.class).recent())
                            .anySatisfy((decision) ->
                                    assertThat(decision.destination()).isEqualTo("handBuiltRestClient"));
                });
    }

    @Test
    void aCoveredClientUsedInShadowIsNotCounted() {
        this.runner.withUserConfiguration(HttpClients.class).run((context) -> {
            RestClient client = context.getBean("builtRestClient", RestClient.class);
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                client.get().uri(this.live.baseUrl() + "/read").retrieve().toBodilessEntity();
            }
            assertThat(uncoveredCalls(context.getBean(MeterRegistry.class), "http"))
                    .isZero();
        });
    }

    @Test
    void theMailSenderIsWatchedAndStillInjectableByItsClass() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class)
                .withPropertyValues("shadow.audit.block-uncovered=false")
                .run((context) -> {
                    JavaMailSenderImpl sender = context.getBean(JavaMailSenderImpl.class);
                    sender.createMimeMessage();
                    assertThat(uncoveredCalls(context.getBean(MeterRegistry.class), "mail"))
                            .isZero();
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        sender.createMimeMessage();
                    }
                    assertThat(uncoveredCalls(context.getBean(MeterRegistry.class), "mail"))
                            .isEqualTo(1.0);
                });
    }

    @Test
    void anAcceptedChannelIsNotWatched() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class)
                .withPropertyValues("shadow.audit.accepted=mailSender")
                .run((context) -> {
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        context.getBean(JavaMailSender.class).createMimeMessage();
                    }
                    assertThat(uncoveredCalls(context.getBean(MeterRegistry.class), "mail"))
                            .isZero();
                });
    }

    @Test
    void theAuditAndTheMonitorReadOneBindingOfTheAuditProperties(CapturedOutput output) {
        this.runner
                .withUserConfiguration(UnguardedChannels.class, HttpClients.class)
                .withPropertyValues(
                        "shadow.audit.accepted=mailSender", "shadow.audit.block-uncovered=false", HAND_BUILT_OFF)
                .run((context) -> {
                    assertThat(context).hasSingleBean(ShadowAuditProperties.class);
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .uncovered())
                            .extracting(AuditedChannel::beanName)
                            .doesNotContain("mailSender")
                            .contains("handBuiltRestClient");
                    RestClient client = context.getBean("handBuiltRestClient", RestClient.class);
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        context.getBean(JavaMailSender.class).createMimeMessage();
                        client.post()
                                .uri(this.live.baseUrl() + "/orders")
                                .retrieve()
                                .toBodilessEntity();
                    }
                    assertThat(this.live.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(uncoveredCalls(registry, "mail")).isZero();
                    assertThat(uncoveredCalls(registry, "http")).isOne();
                    assertThat(output).doesNotContain("not eligible for getting processed by all BeanPostProcessors");
                });
    }

    @Test
    void uncoveredChannelsRefuseShadowCallsByDefaultBeforeTheyLeaveTheApplication() {
        this.runner
                .withUserConfiguration(HttpClients.class)
                .withPropertyValues(HAND_BUILT_OFF)
                .run((context) -> {
                    RestClient client = context.getBean("handBuiltRestClient", RestClient.class);
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        assertThatExceptionOfType(ShadowBlockedException.class)
                                .isThrownBy(() -> client.post()
                                        .uri(this.live.baseUrl() + "/orders")
                                        .retrieve()
                                        .toBodilessEntity());
                    }
                    client.get().uri(this.live.baseUrl() + "/live").retrieve().toBodilessEntity();
                    assertThat(this.live.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
                });
    }

    @Test
    void theEndpointAndTheSummaryShowTheInventory() {
        this.runner
                .withUserConfiguration(DataStores.class, UnguardedChannels.class)
                .run((context) -> {
                    ShadowEndpoint endpoint = new ShadowEndpoint(
                            context.getBeanProvider(ShadowDescriptor.class),
                            context.getBean(ShadowDecisionLog.class),
                            null,
                            () -> context.getBean(ShadowLeakAudit.class));
                    Map<String, Object> body = endpoint.shadow();
                    assertThat(body).containsKey("channels");
                    assertThat(body.get("channels").toString())
                            .contains(
                                    "bean=mailSender",
                                    "coverage=uncovered",
                                    "bean=dataSource",
                                    "coverage=guarded",
                                    "fix=");
                    assertThat(body.get("configuration").toString())
                            .contains("audit={strict=false, channels=7, covered=5, "
                                    + "uncovered=[mailSender, stringRedisTemplate]}");
                });
    }

    @Test
    void backsOffWhenTheAuditIsDisabled() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class)
                .withPropertyValues("shadow.audit.enabled=false", "shadow.audit.strict=true")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ShadowLeakAudit.class);
                    assertThat(context).doesNotHaveBean(UncoveredChannelMonitor.class);
                    assertThat(context.getBean(JavaMailSenderImpl.class).getClass())
                            .isEqualTo(JavaMailSenderImpl.class);
                });
    }

    @Test
    void backsOffWhenShadowtxIsDisabled() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class)
                .withPropertyValues("shadow.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(ShadowLeakAudit.class));
    }

    @Test
    void monitorCanBeSwitchedOffWhileTheInventoryStays() {
        this.runner
                .withUserConfiguration(UnguardedChannels.class)
                .withPropertyValues("shadow.audit.monitor=false")
                .run((context) -> {
                    assertThat(context).hasSingleBean(ShadowLeakAudit.class);
                    assertThat(context).doesNotHaveBean(UncoveredChannelMonitor.class);
                    assertThat(context.getBean(JavaMailSenderImpl.class).getClass())
                            .isEqualTo(JavaMailSenderImpl.class);
                });
    }

    private static Map<String, ChannelCoverage> coverage(ChannelInventory inventory) {
        return inventory.channels().stream()
                .collect(java.util.stream.Collectors.toMap(AuditedChannel::beanName, AuditedChannel::coverage));
    }

    private static double uncoveredCalls(MeterRegistry registry, String channel) {
        var counter = registry.find(ShadowMeter.UNCOVERED_CHANNEL_CALLS.meterName())
                .tag("channel", channel)
                .counter();
        return (counter != null) ? counter.count() : 0.0;
    }

    @Configuration(proxyBeanMethods = false)
    static class DataStores {

        @Bean
        DataSource dataSource() {
            return new EmbeddedDatabaseBuilder()
                    .setType(EmbeddedDatabaseType.H2)
                    .generateUniqueName(true)
                    .build();
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class R2dbcStores {

        @Bean
        io.r2dbc.spi.ConnectionFactory connectionFactory() {
            return io.r2dbc.spi.ConnectionFactories.get("r2dbc:h2:mem:///audit");
        }

        @Bean
        org.springframework.r2dbc.connection.R2dbcTransactionManager reactiveTransactionManager(
                io.r2dbc.spi.ConnectionFactory connectionFactory) {
            return new org.springframework.r2dbc.connection.R2dbcTransactionManager(connectionFactory);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnguardedChannels {

        @Bean
        JavaMailSenderImpl mailSender() {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            return sender;
        }

        @Bean
        StringRedisTemplate stringRedisTemplate() {
            return new StringRedisTemplate(new LettuceConnectionFactory());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HttpClients {

        @Bean
        RestClient handBuiltRestClient() {
            return RestClient.create();
        }

        @Bean
        RestTemplate handBuiltRestTemplate() {
            return new RestTemplate();
        }

        @Bean
        RestClient builtRestClient(RestClient.Builder builder) {
            return builder.build();
        }

        @Bean
        RestTemplate builtRestTemplate(org.springframework.boot.restclient.RestTemplateBuilder builder) {
            return builder.build();
        }

        @Bean
        WebClient handBuiltWebClient() {
            return WebClient.create();
        }

        @Bean
        WebClient builtWebClient(WebClient.Builder builder) {
            return builder.build();
        }

        @Bean
        RestTemplate appliedRestTemplate(ShadowClientHttpRequestInterceptor interceptor) {
            return interceptor.applyTo(new RestTemplate());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LiveOnlyUsers {

        @Bean
        NewsletterJob newsletter(JavaMailSender mailSender) {
            return new NewsletterJob(mailSender);
        }

        @Bean
        CacheWarmer cacheWarmer(StringRedisTemplate redis) {
            return new CacheWarmer(redis);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RealLiveOnlyUsers {

        @Bean
        MonthlyStatement monthlyStatement(JavaMailSender mailSender) {
            return new MonthlyStatement(mailSender);
        }
    }

    @dev.shadowtx.core.annotation.LiveOnly
    static class MonthlyStatement {

        private final JavaMailSender mailSender;

        MonthlyStatement(JavaMailSender mailSender) {
            this.mailSender = mailSender;
        }

        public void send() {
            this.mailSender.createMimeMessage();
        }
    }

    @TestLiveOnly
    static class NewsletterJob {

        private final JavaMailSender mailSender;

        NewsletterJob(JavaMailSender mailSender) {
            this.mailSender = mailSender;
        }

        public void send() {
            this.mailSender.createMimeMessage();
        }
    }

    static class CacheWarmer {

        private final StringRedisTemplate redis;

        CacheWarmer(StringRedisTemplate redis) {
            this.redis = redis;
        }

        @TestLiveOnly
        public void warm() {
            this.redis.opsForValue();
        }

        public void read() {
            this.redis.opsForValue();
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface TestLiveOnly {}
}
