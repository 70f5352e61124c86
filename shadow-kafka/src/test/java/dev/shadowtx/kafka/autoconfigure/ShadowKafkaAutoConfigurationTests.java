package dev.shadowtx.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.consumer.ShadowBatchInterceptor;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.consumer.ShadowRecordInterceptor;
import dev.shadowtx.kafka.producer.AdminShadowTopicCheck;
import dev.shadowtx.kafka.producer.KafkaShadowAction;
import dev.shadowtx.kafka.producer.ShadowKafkaCommitPolicy;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import dev.shadowtx.kafka.producer.ShadowTopicCheck;
import dev.shadowtx.kafka.producer.ShadowTopicRouter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.RecordInterceptor;

class ShadowKafkaAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class, KafkaAutoConfiguration.class, ShadowKafkaAutoConfiguration.class))
            .withPropertyValues("spring.kafka.admin.auto-create=false");

    @Test
    void guardsBootsProducerAndConsumerFactories() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ShadowProducerPostProcessor.class);
            assertThat(context.getBean(DefaultKafkaProducerFactory.class).getPostProcessors())
                    .singleElement()
                    .isInstanceOf(ShadowProducerPostProcessor.class);
            assertThat(context.getBean(DefaultKafkaConsumerFactory.class).getPostProcessors())
                    .singleElement()
                    .isInstanceOf(ShadowConsumerPostProcessor.class);
            assertThat(context.getBean(ShadowTopicCheck.class)).isInstanceOf(AdminShadowTopicCheck.class);
        });
    }

    @Test
    void guardsAProducerFactoryTheApplicationDefinesItself() {
        this.runner.withUserConfiguration(OwnProducerFactory.class).run((context) -> {
            DefaultKafkaProducerFactory<?, ?> factory = context.getBean(DefaultKafkaProducerFactory.class);
            assertThat(factory.getPostProcessors()).singleElement().isInstanceOf(ShadowProducerPostProcessor.class);
        });
    }

    @Test
    void wrapsTheApplicationsRecordInterceptorInsteadOfCompetingWithIt() {
        this.runner.withUserConfiguration(OwnInterceptor.class).run((context) -> {
            ConcurrentKafkaListenerContainerFactory<?, ?> factory =
                    context.getBean(ConcurrentKafkaListenerContainerFactory.class);
            assertThat(factory.getRecordInterceptor())
                    .isInstanceOfSatisfying(
                            ShadowRecordInterceptor.class,
                            (shadow) -> assertThat(shadow.getDelegate()).isSameAs(context.getBean("ownInterceptor")));
            assertThat(factory.getBatchInterceptor()).isInstanceOf(ShadowBatchInterceptor.class);
            assertThat(context.getBeansOfType(RecordInterceptor.class)).hasSize(1);
        });
    }

    @Test
    void letsShadowKafkaTransactionsCommitOnlyWhenAskedTo() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(ShadowKafkaCommitPolicy.class));
        this.runner
                .withPropertyValues("shadow.kafka.transactions.commit-in-shadow=true")
                .run((context) -> assertThat(context).hasSingleBean(ShadowKafkaCommitPolicy.class));
    }

    @Test
    void backsOffWhenShadowIsDisabled() {
        this.runner.withPropertyValues("shadow.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowProducerPostProcessor.class);
            assertThat(context.getBean(DefaultKafkaProducerFactory.class).getPostProcessors())
                    .isEmpty();
        });
    }

    @Test
    void backsOffWithoutSpringKafka() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ShadowKafkaAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
                .run((context) -> assertThat(context).doesNotHaveBean(ShadowProducerPostProcessor.class));
    }

    @Test
    void readsTheMarkerHeaderNameFromTheDetectionProperties() {
        this.runner
                .withPropertyValues("shadow.detection.header=X-Mirror")
                .run((context) -> assertThat(context.getBean(KafkaMarkers.class).headerName())
                        .isEqualTo("X-Mirror"));
    }

    @Test
    void guardsKafkaUnderTheDefaultNamesWithoutTheStarter() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowKafkaAutoConfiguration.class))
                .withPropertyValues("spring.kafka.admin.auto-create=false")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(KafkaMarkers.class).headerName()).isEqualTo("X-Shadow");
                    assertThat(context.getBean(DefaultKafkaProducerFactory.class)
                                    .getPostProcessors())
                            .singleElement()
                            .isInstanceOf(ShadowProducerPostProcessor.class);
                });
    }

    @Test
    void failsWithoutTheStarterWhenTheMarkerIsConfiguredRatherThanReadAnotherName() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(KafkaAutoConfiguration.class, ShadowKafkaAutoConfiguration.class))
                .withPropertyValues("spring.kafka.admin.auto-create=false", "shadow.detection.header=X-Mirror")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("shadow.detection.header")
                            .hasMessageContaining("shadow-spring-boot-starter");
                });
    }

    @Test
    void bindsPerTopicRulesIncludingTopicNamesWithDots() {
        this.runner
                .withPropertyValues(
                        "shadow.kafka.default-action=DROP",
                        "shadow.kafka.topic-suffix=-dark",
                        "shadow.kafka.topics[orders.created].target=orders.created.sandbox",
                        "shadow.kafka.topics.payments.action=PROPAGATE")
                .run((context) -> {
                    ShadowTopicRouter router = context.getBean(ShadowTopicRouter.class);
                    assertThat(router.route("orders.created").destination()).isEqualTo("orders.created.sandbox");
                    assertThat(router.route("payments").action()).isEqualTo(KafkaShadowAction.PROPAGATE);
                    assertThat(router.route("other").action()).isEqualTo(KafkaShadowAction.DROP);
                    assertThat(router.route("other-dark").action()).isEqualTo(KafkaShadowAction.REROUTE);
                });
    }

    @Test
    void topicCheckCanBeSwitchedOffForBrokersThatAutoCreateTopics() {
        this.runner
                .withPropertyValues("shadow.kafka.topic-check.enabled=false")
                .run((context) ->
                        assertThat(context.getBean(ShadowTopicCheck.class)).isSameAs(ShadowTopicCheck.ASSUME_PRESENT));
    }

    @Test
    void declaresShadowTopicsForTheKafkaAdminUnlessProvisioningIsOff() {
        this.runner.run((context) -> assertThat(context).hasBean("shadowKafkaTopics"));
        this.runner
                .withPropertyValues("shadow.kafka.provisioning.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean("shadowKafkaTopics"));
    }

    @Test
    void shadowTopicsMirrorTheDeclaredTopicsAndTheRerouteRules() {
        ShadowKafkaProperties properties = new ShadowKafkaProperties();
        properties.getTopics().put("audit", topic(null, "audit-sandbox"));
        properties.getTopics().put("payments", topic(KafkaShadowAction.DROP, null));
        ShadowTopicRouter router = ShadowKafkaComponentFactory.router(properties);
        NewTopic orders = TopicBuilder.name("orders")
                .partitions(3)
                .replicas(1)
                .config("cleanup.policy", "compact")
                .build();
        List<NewTopic> topics = ShadowTopicDeclarations.topics(
                router,
                List.of(
                        orders,
                        TopicBuilder.name("payments").build(),
                        TopicBuilder.name("declared.shadow").build(),
                        TopicBuilder.name("declared").build()));

        assertThat(topics).extracting(NewTopic::name).containsExactly("orders.shadow", "audit-sandbox");
        assertThat(topics.get(0).numPartitions()).isEqualTo(3);
        assertThat(topics.get(0).configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void emptyTopicSuffixFailsNamingTheProperty() {
        assertInvalid("shadow.kafka.topic-suffix", "shadow.kafka.topic-suffix=");
    }

    @Test
    void targetThatIsTheLiveTopicItselfFailsNamingTheProperty() {
        assertInvalid("shadow.kafka.topics[orders].target", "shadow.kafka.topics.orders.target=orders");
    }

    @Test
    void targetWithAnActionOtherThanRerouteFailsNamingTheProperty() {
        assertInvalid(
                "shadow.kafka.topics[orders].target",
                "shadow.kafka.topics.orders.target=orders-sandbox",
                "shadow.kafka.topics.orders.action=PROPAGATE");
    }

    @Test
    void targetThatIsAnotherLiveTopicFailsNamingTheProperty() {
        assertInvalid(
                "shadow.kafka.topics[orders].target",
                "shadow.kafka.topics.orders.target=payments",
                "shadow.kafka.topics.payments.action=DROP");
    }

    @Test
    void illegalTopicNameFailsNamingTheProperty() {
        assertInvalid("shadow.kafka.topics[orders].target", "shadow.kafka.topics.orders.target=orders/shadow");
    }

    @Test
    void nonPositiveTopicCheckTimeoutFailsNamingTheProperty() {
        assertInvalid("shadow.kafka.topic-check.timeout", "shadow.kafka.topic-check.timeout=0s");
    }

    @Test
    void invalidMarkerHeaderFailsNamingTheProperty() {
        assertInvalid("shadow.detection.header", "shadow.detection.header=X Shadow");
    }

    private void assertInvalid(String property, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
                failure = failure.getCause();
            }
            assertThat(failure)
                    .isInstanceOfSatisfying(
                            InvalidConfigurationPropertyValueException.class,
                            (ex) -> assertThat(ex.getName()).isEqualTo(property));
        });
    }

    private static ShadowKafkaProperties.Topic topic(KafkaShadowAction action, String target) {
        ShadowKafkaProperties.Topic topic = new ShadowKafkaProperties.Topic();
        topic.setAction(action);
        topic.setTarget(target);
        return topic;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProducerFactory {

        @Bean
        DefaultKafkaProducerFactory<Object, Object> ownProducerFactory() {
            return new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "localhost:9092"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInterceptor {

        @Bean
        RecordInterceptor<Object, Object> ownInterceptor() {
            return (ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) -> record;
        }
    }
}
