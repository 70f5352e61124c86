package dev.shadowtx.kafka.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.kafka.testsupport.ConsumerFactoryOfItsOwn;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.kafka.dsl.Kafka;
import org.springframework.integration.kafka.inbound.KafkaInboundGateway;
import org.springframework.integration.kafka.inbound.KafkaMessageDrivenChannelAdapter;
import org.springframework.integration.kafka.inbound.KafkaMessageSource;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerProperties;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * spring-integration-kafka has no guard of its own: its endpoints use spring-kafka's consumer
 * factory, containers and templates, which shadowtx guards. Inbound, a marked record is processed
 * in its shadow context (its database write rolls back) or never delivered (skipped and counted),
 * never processed as live; outbound, a message sent in shadow follows the topic policy and never
 * reaches the live topic. A request/reply gateway's reply to a marked request goes to the shadow
 * reply topic, never the live one. Each case has its live twin.
 */
@SpringBootTest(
        classes = SpringIntegrationKafkaTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.datasource.url=jdbc:h2:mem:si-kafka;DB_CLOSE_DELAY=-1"
        })
class SpringIntegrationKafkaTests {

    @Autowired
    Processed processed;

    @Autowired
    SimpleMeterRegistry meters;

    @Autowired
    KafkaMessageSource<Object, Object> polledOrders;

    @Autowired
    KafkaMessageSource<Object, Object> polledOwnFactoryOrders;

    @Autowired
    @Qualifier("templateBeanHandler")
    KafkaProducerMessageHandler<Object, Object> templateBeanHandler;

    @Autowired
    @Qualifier("inlineTemplateHandler")
    KafkaProducerMessageHandler<Object, Object> inlineTemplateHandler;

    @Test
    void adapterOverAContainerBuiltInlineNeverProcessesAMarkedRecordAsLive() {
        double skipped = skipped("shadow");
        String shadow = TopicRecords.key("si-inline-shadow");
        String live = TopicRecords.key("si-inline-live");
        TopicRecords.send("si-orders", shadow, "X-Shadow", "shadow");
        TopicRecords.send("si-orders", live);

        await().atMost(Duration.ofSeconds(30)).until(() -> this.processed.modeOf(live) != null);
        assertThat(this.processed.modeOf(live)).isEqualTo("live");
        assertThat(this.processed.modeOf(shadow)).isNull();
        assertThat(skipped("shadow")).isEqualTo(skipped + 1);
        assertThat(this.processed.rows()).contains(live).doesNotContain(shadow);
    }

    @Test
    void adapterOverAContainerFromBootsContainerFactoryProcessesAMarkedRecordInShadowAndItsWriteRollsBack() {
        String shadow = TopicRecords.key("si-factory-shadow");
        String synthetic = TopicRecords.key("si-factory-synthetic");
        String live = TopicRecords.key("si-factory-live");
        TopicRecords.send("si-orders-factory", shadow, "X-Shadow", "shadow");
        TopicRecords.send("si-orders-factory", synthetic, "baggage", "shadow=synthetic");
        TopicRecords.send("si-orders-factory", live);

        await().atMost(Duration.ofSeconds(30)).until(() -> this.processed.modeOf(live) != null);
        assertThat(this.processed.modeOf(shadow)).isEqualTo("shadow");
        assertThat(this.processed.modeOf(synthetic)).isEqualTo("synthetic");
        assertThat(this.processed.modeOf(live)).isEqualTo("live");
        assertThat(this.processed.rows()).contains(live).doesNotContain(shadow, synthetic);
    }

    @Test
    void polledMessageSourceNeverReceivesAMarkedRecord() {
        double skipped = skipped("synthetic");
        String synthetic = TopicRecords.key("si-polled-synthetic");
        String live = TopicRecords.key("si-polled-live");
        TopicRecords.send("si-polled", synthetic, "baggage", "tenant=acme,shadow=synthetic");
        TopicRecords.send("si-polled", live);

        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Message<?> message = this.polledOrders.receive();
            if (message != null) {
                received.add(String.valueOf(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY)));
            }
            return received.contains(live);
        });
        assertThat(received).doesNotContain(synthetic);
        assertThat(skipped("synthetic")).isEqualTo(skipped + 1);
    }

    @Test
    void polledSourceOverAnInlineConsumerFactoryOfAnotherKindNeverReceivesAMarkedRecord() {
        double skipped = skipped("shadow");
        String shadow = TopicRecords.key("si-polled-own-shadow");
        String live = TopicRecords.key("si-polled-own-live");
        TopicRecords.send("si-polled-own", shadow, "X-Shadow", "shadow");
        TopicRecords.send("si-polled-own", live);

        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Message<?> message = this.polledOwnFactoryOrders.receive();
            if (message != null) {
                received.add(String.valueOf(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY)));
            }
            return received.contains(live);
        });
        assertThat(received).doesNotContain(shadow);
        assertThat(skipped("shadow")).isEqualTo(skipped + 1);
    }

    @Test
    void polledSourceOfAnIntegrationFlowNeverProcessesAMarkedRecordAsLive() {
        String shadow = TopicRecords.key("si-dsl-shadow");
        String live = TopicRecords.key("si-dsl-live");
        TopicRecords.send("si-polled-dsl", shadow, "X-Shadow", "shadow");
        TopicRecords.send("si-polled-dsl", live);

        await().atMost(Duration.ofSeconds(30)).until(() -> this.processed.modeOf(live) != null);
        assertThat(this.processed.modeOf(live)).isEqualTo("live");
        assertThat(this.processed.modeOf(shadow)).isNotEqualTo("live");
        assertThat(this.processed.rows()).contains(live).doesNotContain(shadow);
    }

    @Test
    void inboundGatewayOverAContainerFromBootsContainerFactoryRepliesToAMarkedRequestOnTheShadowReplyTopicOnly() {
        String shadow = TopicRecords.key("si-gateway-shadow");
        String live = TopicRecords.key("si-gateway-live");
        TopicRecords.send("si-requests", shadow, "X-Shadow", "shadow", KafkaHeaders.REPLY_TOPIC, "si-replies");
        TopicRecords.send("si-requests", live, KafkaHeaders.REPLY_TOPIC, "si-replies");

        List<ConsumerRecord<String, String>> liveReplies = TopicRecords.awaitWithKey("si-replies", live);
        assertThat(this.processed.modeOf(shadow)).isEqualTo("shadow");
        assertThat(this.processed.modeOf(live)).isEqualTo("live");
        assertThat(this.processed.rows()).contains(live).doesNotContain(shadow);
        assertThat(liveReplies)
                .singleElement()
                .satisfies((reply) -> assertThat(reply.value()).isEqualTo("reply to " + live));
        assertThat(TopicRecords.withKeys("si-replies", false, shadow)).isEmpty();
        assertThat(TopicRecords.awaitWithKey("si-replies.shadow", shadow))
                .singleElement()
                .satisfies((reply) -> {
                    assertThat(reply.value()).isEqualTo("reply to " + shadow);
                    assertThat(TopicRecords.header(reply, "X-Shadow")).isEqualTo("shadow");
                });
    }

    @Test
    void inboundGatewayOverAContainerBuiltInlineNeverProcessesNorAnswersAMarkedRequest() {
        double skipped = skipped("synthetic");
        String synthetic = TopicRecords.key("si-gateway-inline-synthetic");
        String live = TopicRecords.key("si-gateway-inline-live");
        TopicRecords.send(
                "si-requests-inline", synthetic, "X-Shadow", "synthetic", KafkaHeaders.REPLY_TOPIC, "si-replies");
        TopicRecords.send("si-requests-inline", live, KafkaHeaders.REPLY_TOPIC, "si-replies");

        assertThat(TopicRecords.awaitWithKey("si-replies", live)).hasSize(1);
        assertThat(this.processed.modeOf(live)).isEqualTo("live");
        assertThat(this.processed.modeOf(synthetic)).isNull();
        assertThat(skipped("synthetic")).isEqualTo(skipped + 1);
        assertThat(TopicRecords.withKeys("si-replies", false, synthetic)).isEmpty();
        assertThat(TopicRecords.withKeys("si-replies.shadow", false, synthetic)).isEmpty();
    }

    @Test
    void handlerOverTheKafkaTemplateBeanSendsAShadowMessageToTheShadowTopicOnly() {
        assertShadowMessageReachesOnlyTheShadowTopicAndItsLiveTwinOnlyTheLiveTopic(this.templateBeanHandler, "si-out");
    }

    @Test
    void handlerOverATemplateBuiltInlineSendsAShadowMessageToTheShadowTopicOnly() {
        assertShadowMessageReachesOnlyTheShadowTopicAndItsLiveTwinOnlyTheLiveTopic(
                this.inlineTemplateHandler, "si-out-inline");
    }

    private static void assertShadowMessageReachesOnlyTheShadowTopicAndItsLiveTwinOnlyTheLiveTopic(
            KafkaProducerMessageHandler<Object, Object> handler, String topic) {
        String shadow = TopicRecords.key(topic + "-shadow");
        String live = TopicRecords.key(topic + "-live");

        sendInShadow(handler, shadow);
        handler.handleMessage(message(live));

        assertThat(TopicRecords.withKeys(topic, false, shadow, live))
                .extracting((record) -> record.key())
                .containsExactly(live);
        assertThat(TopicRecords.withKeys(topic + ".shadow", false, shadow, live))
                .singleElement()
                .satisfies((record) -> {
                    assertThat(record.key()).isEqualTo(shadow);
                    assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow");
                });
    }

    private static void sendInShadow(KafkaProducerMessageHandler<Object, Object> handler, String key) {
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.PROGRAMMATIC))) {
            handler.handleMessage(message(key));
        }
    }

    private static Message<String> message(String key) {
        return MessageBuilder.withPayload("order " + key)
                .setHeader(KafkaHeaders.KEY, key)
                .build();
    }

    private double skipped(String mode) {
        Counter counter = this.meters
                .find("shadow.records.skipped")
                .tags("channel", "kafka", "mode", mode)
                .counter();
        return (counter != null) ? counter.count() : 0;
    }

    /** What the flows processed, in which mode, and the rows they wrote. */
    @Component
    static class Processed {

        private final Map<String, String> modes = new ConcurrentHashMap<>();

        private final JdbcTemplate jdbc;

        Processed(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists si_orders (id varchar(200) primary key)");
        }

        void process(Message<?> message) {
            String key = String.valueOf(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
            this.jdbc.update("insert into si_orders (id) values (?)", key);
            this.modes.put(
                    key,
                    ShadowContextHolder.currentMode()
                            .map((mode) -> mode.markerValue())
                            .orElse("live"));
        }

        @Nullable
        String modeOf(String key) {
            return this.modes.get(key);
        }

        List<String> rows() {
            return this.jdbc.queryForList("select id from si_orders", String.class);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    @Import(Processed.class)
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        KafkaAdmin.NewTopics integrationTopics() {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name("si-orders").build(),
                    TopicBuilder.name("si-orders-factory").build(),
                    TopicBuilder.name("si-polled").build(),
                    TopicBuilder.name("si-polled-own").partitions(1).build(),
                    TopicBuilder.name("si-polled-dsl").partitions(1).build(),
                    TopicBuilder.name("si-requests").build(),
                    TopicBuilder.name("si-requests-inline").build(),
                    TopicBuilder.name("si-replies").partitions(1).build());
        }

        @Bean
        NewTopic siOut() {
            return TopicBuilder.name("si-out").build();
        }

        @Bean
        NewTopic siOutInline() {
            return TopicBuilder.name("si-out-inline").build();
        }

        @Bean
        KafkaMessageDrivenChannelAdapter<Object, Object> inlineContainerAdapter(
                ConsumerFactory<Object, Object> consumerFactory) {
            ContainerProperties properties = new ContainerProperties("si-orders");
            properties.setGroupId("si-inline");
            KafkaMessageListenerContainer<Object, Object> container =
                    new KafkaMessageListenerContainer<>(consumerFactory, properties);
            KafkaMessageDrivenChannelAdapter<Object, Object> adapter =
                    new KafkaMessageDrivenChannelAdapter<>(container);
            adapter.setOutputChannelName("siInlineOrders");
            return adapter;
        }

        @Bean
        KafkaMessageDrivenChannelAdapter<Object, Object> factoryContainerAdapter(
                ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
            ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer("si-orders-factory");
            container.getContainerProperties().setGroupId("si-factory");
            KafkaMessageDrivenChannelAdapter<Object, Object> adapter =
                    new KafkaMessageDrivenChannelAdapter<>(container);
            adapter.setOutputChannelName("siFactoryOrders");
            return adapter;
        }

        @Bean
        KafkaInboundGateway<Object, Object, Object> factoryContainerGateway(
                ConcurrentKafkaListenerContainerFactory<Object, Object> factory,
                KafkaTemplate<Object, Object> template) {
            ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer("si-requests");
            container.getContainerProperties().setGroupId("si-gateway");
            KafkaInboundGateway<Object, Object, Object> gateway = new KafkaInboundGateway<>(container, template);
            gateway.setRequestChannelName("siRequests");
            return gateway;
        }

        @Bean
        KafkaInboundGateway<Object, Object, Object> inlineContainerGateway(
                ConsumerFactory<Object, Object> consumerFactory, KafkaTemplate<Object, Object> template) {
            ContainerProperties properties = new ContainerProperties("si-requests-inline");
            properties.setGroupId("si-gateway-inline");
            KafkaInboundGateway<Object, Object, Object> gateway = new KafkaInboundGateway<>(
                    new KafkaMessageListenerContainer<>(consumerFactory, properties), template);
            gateway.setRequestChannelName("siRequests");
            return gateway;
        }

        @Bean
        IntegrationFlow requestsFlow(Processed processed) {
            return IntegrationFlow.from("siRequests")
                    .transform(Message.class, (request) -> {
                        processed.process(request);
                        Object key = request.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
                        return MessageBuilder.withPayload("reply to " + key)
                                .setHeader(KafkaHeaders.KEY, key)
                                .build();
                    })
                    .get();
        }

        @Bean
        IntegrationFlow inlineOrdersFlow(Processed processed) {
            return IntegrationFlow.from("siInlineOrders")
                    .handle((message) -> processed.process(message))
                    .get();
        }

        @Bean
        IntegrationFlow factoryOrdersFlow(Processed processed) {
            return IntegrationFlow.from("siFactoryOrders")
                    .handle((message) -> processed.process(message))
                    .get();
        }

        @Bean
        IntegrationFlow polledDslFlow(ConsumerFactory<Object, Object> consumerFactory, Processed processed) {
            ConsumerProperties properties = new ConsumerProperties("si-polled-dsl");
            properties.setGroupId("si-polled-dsl");
            return IntegrationFlow.from(
                            Kafka.inboundChannelAdapter(consumerFactory, properties),
                            (endpoint) -> endpoint.poller(Pollers.fixedDelay(Duration.ofMillis(100))))
                    .handle((message) -> processed.process(message))
                    .get();
        }

        @Bean
        KafkaMessageSource<Object, Object> polledOrders(ConsumerFactory<Object, Object> consumerFactory) {
            ConsumerProperties properties = new ConsumerProperties("si-polled");
            properties.setGroupId("si-polled");
            return new KafkaMessageSource<>(consumerFactory, properties);
        }

        @Bean
        KafkaMessageSource<Object, Object> polledOwnFactoryOrders(ConsumerFactory<Object, Object> consumerFactory) {
            Map<String, Object> configs = new HashMap<>(consumerFactory.getConfigurationProperties());
            configs.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            ConsumerProperties properties = new ConsumerProperties("si-polled-own");
            properties.setGroupId("si-polled-own");
            return new KafkaMessageSource<>(new ConsumerFactoryOfItsOwn(configs), properties);
        }

        @Bean
        KafkaProducerMessageHandler<Object, Object> templateBeanHandler(KafkaTemplate<Object, Object> template) {
            KafkaProducerMessageHandler<Object, Object> handler = new KafkaProducerMessageHandler<>(template);
            handler.setTopicExpression(new LiteralExpression("si-out"));
            handler.setSync(true);
            return handler;
        }

        @Bean
        KafkaProducerMessageHandler<Object, Object> inlineTemplateHandler(
                ProducerFactory<Object, Object> producerFactory) {
            KafkaProducerMessageHandler<Object, Object> handler =
                    new KafkaProducerMessageHandler<>(new KafkaTemplate<>(producerFactory));
            handler.setTopicExpression(new LiteralExpression("si-out-inline"));
            handler.setSync(true);
            return handler;
        }
    }
}
