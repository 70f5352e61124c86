package dev.shadowtx.sample.orders;

import dev.shadowtx.sample.demo.ListenerLog;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@code order_view} read model up to date from {@link OrderCreated} events.
 * <p>
 * It listens on {@code orders} and on {@code orders.shadow}, so that one process shows the whole
 * chain: a record on the shadow topic carries the marker header, shadow-kafka binds the shadow
 * context for this method, and its insert is rolled back. In a real deployment the live release
 * consumes {@code orders} and the shadow release {@code orders.shadow}.
 */
@Component
class OrderViewProjector {

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final ListenerLog log;

    OrderViewProjector(JdbcClient jdbc, JsonMapper json, ListenerLog log) {
        this.jdbc = jdbc;
        this.json = json;
        this.log = log;
    }

    @KafkaListener(
            id = "order-view",
            topics = {OrderCreated.TOPIC, OrderCreated.TOPIC + ".shadow"})
    @Transactional
    void on(String record, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
        OrderCreated event = this.json.readValue(record, OrderCreated.class);
        this.jdbc
                .sql("insert into order_view (order_id, item, quantity, amount) values (?, ?, ?, ?)")
                .params(event.orderId(), event.item(), event.quantity(), event.amount())
                .update();
        this.log.record(topic, OrderController.currentMode(), event.orderId(), event.item());
    }

    /**
     * Declares the topic; shadow-kafka provisions its twin {@code orders.shadow} next to it.
     */
    @Configuration(proxyBeanMethods = false)
    static class Topics {

        @Bean
        NewTopic ordersTopic() {
            return TopicBuilder.name(OrderCreated.TOPIC)
                    .partitions(1)
                    .replicas(1)
                    .build();
        }
    }
}
