package dev.shadowtx.sample.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * What the {@code OrderCreated} listener saw, in memory, for {@code GET /demo/events}. In memory
 * on purpose: it is not a store of the service, so shadow records appear here too.
 */
@Component
public class ListenerLog {

    private final List<Event> events = new CopyOnWriteArrayList<>();

    /**
     * Note one record handled by the listener.
     * @param topic topic the record came from
     * @param mode mode the listener ran in
     * @param orderId order id in the event
     * @param item item in the event
     */
    public void record(String topic, String mode, long orderId, String item) {
        this.events.add(new Event(topic, mode, orderId, item));
    }

    List<Event> events() {
        return List.copyOf(this.events);
    }

    /**
     * One record handled by the listener.
     *
     * @param topic topic the record came from
     * @param mode mode the listener ran in
     * @param orderId order id in the event
     * @param item item in the event
     */
    record Event(String topic, String mode, long orderId, String item) {}
}
