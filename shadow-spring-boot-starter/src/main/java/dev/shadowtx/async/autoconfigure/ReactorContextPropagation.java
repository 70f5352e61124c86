package dev.shadowtx.async.autoconfigure;

import reactor.core.publisher.Hooks;

/**
 * Turns on Reactor's automatic context propagation (the same as
 * {@code spring.reactor.context-propagation=auto}). Reactor then restores the thread-local
 * values of the subscriber's context, the shadow context among them, in every operator and on
 * every scheduler, and captures them in {@code block()} and when tasks are scheduled. Kept in its
 * own class so that Reactor is loaded only when it is on the classpath.
 */
final class ReactorContextPropagation {

    private ReactorContextPropagation() {}

    static void enable() {
        Hooks.enableAutomaticContextPropagation();
    }
}
