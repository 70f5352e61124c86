package dev.shadowtx.reliability.leak;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * A poll loop of the application's own: one thread subscribes a consumer to a command topic,
 * polls it and performs each command record, keeping the outcome per key; the consumer is closed
 * on that thread when the loop stops. The consumer paths that poll a consumer themselves share it.
 */
final class PollLoop implements SmartLifecycle {

    private final String name;

    private final Supplier<Consumer<String, String>> consumer;

    private final String topic;

    private final LeakApplication.SideEffects effects;

    private final Map<String, String> outcomes;

    private volatile boolean running;

    private volatile @Nullable Thread thread;

    PollLoop(
            String name,
            Supplier<Consumer<String, String>> consumer,
            String topic,
            LeakApplication.SideEffects effects,
            Map<String, String> outcomes) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.effects = effects;
        this.outcomes = outcomes;
    }

    @Override
    public void start() {
        Consumer<String, String> consumer = this.consumer.get();
        consumer.subscribe(List.of(this.topic));
        this.running = true;
        Thread loop = new Thread(() -> poll(consumer), this.name);
        this.thread = loop;
        loop.start();
    }

    private void poll(Consumer<String, String> consumer) {
        try (consumer) {
            while (this.running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    this.outcomes.put(record.key(), this.effects.performCommand(record.key(), record.value()));
                }
            }
        }
    }

    @Override
    public void stop() {
        this.running = false;
        Thread loop = this.thread;
        if (loop != null) {
            try {
                loop.join(10_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }
}
