package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.annotation.LiveOnly;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.client.RestClient;

/**
 * The leak audit's output, word for word, over an application with a channel of every family the
 * modules contribute (JDBC, transactions, Kafka, Feign, Spring's HTTP clients, Redis templates,
 * imperative and reactive, over factories that are no beans) and channels no guard covers: the
 * startup block, the endpoint's entries and the strict-mode failure.
 */
class LeakAuditOutputTests {

    private static final String FEIGN_CLIENT = PaymentsClient.class.getName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(OutputApplication.class)
            .withPropertyValues(
                    "spring.datasource.generate-unique-name=true",
                    "spring.mail.host=127.0.0.1",
                    "spring.kafka.bootstrap-servers=127.0.0.1:9",
                    "shadow.kafka.provisioning.enabled=false",
                    "shadow.kafka.topic-check.enabled=false",
                    "shadow.audit.accepted=acceptedRestClient",
                    // hand-built HTTP clients left as built: the block's example of an uncovered
                    // channel with a fix the application can apply
                    "shadow.http.hand-built-clients=false");

    @Test
    void startupBlockListsEveryChannelWithItsCoverageAndTheFixForUncoveredOnes() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report.lines().toList())
                    .containsExactly(
                            "shadowtx leak audit: 19 side-effect channel(s), 18 covered, 1 not covered",
                            "  covered      [http] acceptedRestClient (org.springframework.web.client.DefaultRestClient)"
                                    + " -- accepted: listed in shadow.audit.accepted",
                            "  covered      [http] builtRestClient (org.springframework.web.client.DefaultRestClient)"
                                    + " -- guarded: ShadowClientHttpRequestInterceptor",
                            "  covered      [jdbc] dataSource (dev.shadowtx.core.tx.GuardedHikariDataSource)"
                                    + " -- guarded: JDBC guard: shadow commits become rollbacks",
                            "  covered      [feign] " + FEIGN_CLIENT + " (" + FEIGN_CLIENT + ")"
                                    + " -- guarded: ShadowFeignCapability applies to every Feign client",
                            "  covered      [jdbc] jdbcClient (org.springframework.jdbc.core.simple.DefaultJdbcClient)"
                                    + " -- guarded: JDBC guard on its data source: shadow commits become rollbacks",
                            "  covered      [jdbc] jdbcTemplate (org.springframework.jdbc.core.JdbcTemplate)"
                                    + " -- guarded: JDBC guard on its data source: shadow commits become rollbacks",
                            "  covered      [http-client] jdkHttpClient"
                                    + " (dev.shadowtx.http.clients.ShadowJdkHttpClient)"
                                    + " -- guarded: shadow outbound policy (shadow.http.destinations): propagate,"
                                    + " reroute or block per destination",
                            "  covered      [kafka-consumer] kafkaConsumerFactory"
                                    + " (org.springframework.kafka.core.DefaultKafkaConsumerFactory)"
                                    + " -- guarded: the consumer guard on every consumer it creates: polls outside a"
                                    + " listener container leave out marked records",
                            "  covered      [kafka] kafkaProducerFactory"
                                    + " (org.springframework.kafka.core.DefaultKafkaProducerFactory)"
                                    + " -- guarded: ShadowProducerPostProcessor on its producer factory",
                            "  covered      [kafka] kafkaTemplate (org.springframework.kafka.core.KafkaTemplate)"
                                    + " -- guarded: ShadowProducerPostProcessor on its producer factory",
                            "  covered      [mail] mailSender (org.springframework.mail.javamail.JavaMailSenderImpl)"
                                    + " -- live-only: used only by @LiveOnly beans [newsletter]",
                            "  covered      [jdbc] namedParameterJdbcTemplate"
                                    + " (org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate)"
                                    + " -- guarded: JDBC guard on its data source: shadow commits become rollbacks",
                            "  covered      [kafka-producer] rawProducer"
                                    + " (org.apache.kafka.clients.producer.MockProducer)"
                                    + " -- guarded: the producer guard of producer factories: shadow records"
                                    + " rerouted, dropped or propagated by policy",
                            "  covered      [redis] reactiveRedisTemplate"
                                    + " (org.springframework.data.redis.core.ReactiveStringRedisTemplate)"
                                    + " -- guarded: shadow writes blocked, reads pass; handles it returns are guarded"
                                    + " too",
                            "  covered      [http] restClientBuilder"
                                    + " (org.springframework.web.client.DefaultRestClientBuilder)"
                                    + " -- guarded: ShadowClientHttpRequestInterceptor",
                            "  covered      [http] restTemplateBuilder"
                                    + " (org.springframework.boot.restclient.RestTemplateBuilder)"
                                    + " -- guarded: ShadowClientHttpRequestInterceptor",
                            "  covered      [redis] stringRedisTemplate"
                                    + " (org.springframework.data.redis.core.StringRedisTemplate)"
                                    + " -- guarded: shadow writes blocked, reads pass; handles it returns are guarded"
                                    + " too",
                            "  covered      [transaction] transactionManager"
                                    + " (org.springframework.jdbc.support.JdbcTransactionManager)"
                                    + " -- guarded: transaction guard: shadow commits become rollbacks",
                            "  NOT COVERED  [http] handBuiltRestClient"
                                    + " (org.springframework.web.client.DefaultRestClient)"
                                    + " -- no shadow interceptor or filter: built by hand, not from Boot's builder",
                            "               fix: build it from Boot's injected builder (RestClient.Builder,"
                                    + " RestTemplateBuilder, WebClient.Builder) or apply the shadow interceptor /"
                                    + " filter with applyTo(...); or accept it on purpose with"
                                    + " shadow.audit.accepted=handBuiltRestClient");
        });
    }

    @Test
    void endpointEntriesNameChannelTypeCoverageDetailAndFix() {
        this.runner.run((context) -> {
            List<Map<String, Object>> entries =
                    context.getBean(ShadowLeakAudit.class).inventory().describe();
            assertThat(entries).hasSize(19);
            Map<String, Map<String, Object>> byBean =
                    entries.stream().collect(Collectors.toMap((entry) -> (String) entry.get("bean"), (entry) -> entry));
            assertThat(byBean.get("kafkaTemplate"))
                    .containsExactly(
                            Map.entry("bean", "kafkaTemplate"),
                            Map.entry("channel", "kafka"),
                            Map.entry("type", "org.springframework.kafka.core.KafkaTemplate"),
                            Map.entry("coverage", "guarded"),
                            Map.entry("detail", "ShadowProducerPostProcessor on its producer factory"));
            assertThat(byBean.get(FEIGN_CLIENT))
                    .containsEntry("channel", "feign")
                    .containsEntry("coverage", "guarded")
                    .doesNotContainKey("fix");
            assertThat(byBean.get("rawProducer"))
                    .containsExactly(
                            Map.entry("bean", "rawProducer"),
                            Map.entry("channel", "kafka-producer"),
                            Map.entry("type", "org.apache.kafka.clients.producer.MockProducer"),
                            Map.entry("coverage", "guarded"),
                            Map.entry(
                                    "detail",
                                    "the producer guard of producer factories: shadow records rerouted, dropped or"
                                            + " propagated by policy"));
            assertThat(byBean.get("handBuiltRestClient"))
                    .containsEntry("coverage", "uncovered")
                    .containsEntry(
                            "fix",
                            "build it from Boot's injected builder (RestClient.Builder, RestTemplateBuilder,"
                                    + " WebClient.Builder) or apply the shadow interceptor / filter with"
                                    + " applyTo(...); or accept it on purpose with"
                                    + " shadow.audit.accepted=handBuiltRestClient");
            assertThat(byBean.get("reactiveRedisTemplate"))
                    .containsEntry("channel", "redis")
                    .containsEntry("coverage", "guarded");
            assertThat(byBean.get("stringRedisTemplate"))
                    .containsEntry("channel", "redis")
                    .containsEntry("coverage", "guarded");
            assertThat(byBean.get("acceptedRestClient"))
                    .containsEntry("coverage", "accepted")
                    .containsEntry("detail", "listed in shadow.audit.accepted");
            assertThat(byBean.get("mailSender")).containsEntry("coverage", "live-only");
        });
    }

    @Test
    void strictModeNamesEveryUncoveredChannelItsFamilyTypeAndFix() {
        this.runner.withPropertyValues("shadow.audit.strict=true").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasMessage("Property shadow.audit.strict with value 'true' is invalid: 1 side-effect channel(s)"
                            + " not covered in shadow: 'handBuiltRestClient' (http,"
                            + " org.springframework.web.client.DefaultRestClient): build it from Boot's injected"
                            + " builder (RestClient.Builder, RestTemplateBuilder, WebClient.Builder) or apply the"
                            + " shadow interceptor / filter with applyTo(...); or accept it on purpose with"
                            + " shadow.audit.accepted=handBuiltRestClient");
        });
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration"
            })
    @EnableFeignClients(clients = PaymentsClient.class)
    static class OutputApplication {

        @Bean
        StringRedisTemplate stringRedisTemplate() {
            return new StringRedisTemplate(new LettuceConnectionFactory());
        }

        @Bean
        ReactiveStringRedisTemplate reactiveRedisTemplate() {
            return new ReactiveStringRedisTemplate(new LettuceConnectionFactory());
        }

        @Bean
        Newsletter newsletter(JavaMailSender mailSender) {
            return new Newsletter(mailSender);
        }

        @Bean
        RestClient handBuiltRestClient() {
            return RestClient.create();
        }

        @Bean
        RestClient acceptedRestClient() {
            return RestClient.create();
        }

        @Bean
        RestClient builtRestClient(RestClient.Builder builder) {
            return builder.build();
        }

        @Bean
        java.net.http.HttpClient jdkHttpClient() {
            return java.net.http.HttpClient.newHttpClient();
        }

        @Bean
        org.apache.kafka.clients.producer.MockProducer<String, String> rawProducer() {
            return new org.apache.kafka.clients.producer.MockProducer<>();
        }
    }

    /**
     * Sends the newsletter: never in shadow.
     */
    @LiveOnly
    static class Newsletter {

        private final JavaMailSender mailSender;

        Newsletter(JavaMailSender mailSender) {
            this.mailSender = mailSender;
        }

        public void send() {
            this.mailSender.createMimeMessage();
        }
    }

    @FeignClient(name = "payments", url = "http://127.0.0.1:9/v1")
    interface PaymentsClient {

        @GetMapping("/charges")
        String charges();
    }
}
