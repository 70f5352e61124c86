package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.annotation.LiveOnly;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The leak audit over a whole application with every starter of shadowtx: a DataSource, a
 * KafkaTemplate, a Feign client, a JavaMailSender and a StringRedisTemplate. No server runs: the
 * inventory only inspects the beans.
 */
class LeakAuditApplicationTests {

    private static final String FEIGN_CLIENT = PaymentsClient.class.getName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ShopApplication.class)
            .withPropertyValues(
                    "spring.datasource.generate-unique-name=true",
                    "spring.mail.host=127.0.0.1",
                    "spring.kafka.bootstrap-servers=127.0.0.1:9",
                    "shadow.kafka.provisioning.enabled=false",
                    "shadow.kafka.topic-check.enabled=false");

    @Test
    void listsTheDataSourceKafkaAndFeignAsCoveredAndMailAndRedisAsUncovered() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            ChannelInventory inventory = context.getBean(ShadowLeakAudit.class).inventory();
            Map<String, ChannelCoverage> coverage = inventory.channels().stream()
                    .collect(Collectors.toMap(AuditedChannel::beanName, AuditedChannel::coverage));
            assertThat(coverage)
                    .containsEntry("dataSource", ChannelCoverage.GUARDED)
                    .containsEntry("transactionManager", ChannelCoverage.GUARDED)
                    .containsEntry("kafkaTemplate", ChannelCoverage.GUARDED)
                    .containsEntry("kafkaProducerFactory", ChannelCoverage.GUARDED)
                    .containsEntry(FEIGN_CLIENT, ChannelCoverage.GUARDED)
                    .containsEntry("mailSender", ChannelCoverage.UNCOVERED)
                    .containsEntry("stringRedisTemplate", ChannelCoverage.UNCOVERED);
            assertThat(inventory.uncovered())
                    .extracting(AuditedChannel::beanName)
                    .containsExactly("mailSender", "stringRedisTemplate");
            assertThat(inventory.channels())
                    .filteredOn((channel) -> channel.beanName().equals(FEIGN_CLIENT))
                    .singleElement()
                    .satisfies((channel) ->
                            assertThat(channel.kind()).isSameAs(dev.shadowtx.feign.FeignChannelInspector.FEIGN));
        });
    }

    @Test
    void strictModeRefusesToStartNamingTheMailSenderAndTheRedisTemplate() {
        this.runner.withPropertyValues("shadow.audit.strict=true").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("shadow.audit.strict")
                    .hasMessageContaining("2 side-effect channel(s) not covered")
                    .hasMessageContaining("'mailSender'")
                    .hasMessageContaining("'stringRedisTemplate'")
                    .hasMessageNotContaining("kafkaTemplate")
                    .hasMessageNotContaining(FEIGN_CLIENT);
        });
    }

    @Test
    void strictModeStartsOnceMailAndRedisAreMarkedAsAccepted() {
        this.runner
                .withPropertyValues("shadow.audit.strict=true", "shadow.audit.accepted=mailSender,stringRedisTemplate")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .uncovered())
                            .isEmpty();
                });
    }

    @Test
    void strictModeStartsOnceMailAndRedisAreUsedOnlyByLiveOnlyCode() {
        this.runner
                .withUserConfiguration(LiveOnlyUsers.class)
                .withPropertyValues("shadow.audit.strict=true")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    ChannelInventory inventory =
                            context.getBean(ShadowLeakAudit.class).inventory();
                    assertThat(inventory.uncovered()).isEmpty();
                    assertThat(inventory.channels())
                            .filteredOn((channel) -> channel.coverage() == ChannelCoverage.LIVE_ONLY)
                            .extracting(AuditedChannel::beanName)
                            .containsExactly("mailSender", "stringRedisTemplate");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class LiveOnlyUsers {

        @Bean
        Newsletter newsletter(JavaMailSender mailSender, StringRedisTemplate redis) {
            return new Newsletter(mailSender, redis);
        }
    }

    /**
     * Sends the newsletter and remembers who got it: never in shadow.
     */
    @LiveOnly
    static class Newsletter {

        private final JavaMailSender mailSender;

        private final StringRedisTemplate redis;

        Newsletter(JavaMailSender mailSender, StringRedisTemplate redis) {
            this.mailSender = mailSender;
            this.redis = redis;
        }

        public void send(String to) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setTo(to);
            this.mailSender.send(message);
            this.redis.opsForSet().add("newsletter", to);
        }
    }

    @FeignClient(name = "payments", url = "http://127.0.0.1:9/v1")
    interface PaymentsClient {

        @GetMapping("/charges")
        String charges();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration"
            })
    @EnableFeignClients(clients = PaymentsClient.class)
    static class ShopApplication {

        @Bean
        StringRedisTemplate stringRedisTemplate() {
            return new StringRedisTemplate(new LettuceConnectionFactory());
        }
    }
}
