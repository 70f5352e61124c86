package dev.shadowtx.core.outbound;

/**
 * A module that guards the clients a Spring Cloud Stream binder sends through (shadow-kafka for
 * the Kafka binder) says so with a bean of this type. Messages sent in shadow to a binding of a
 * binder that no such bean guards are refused by the starter's Spring Cloud Stream guard.
 */
@FunctionalInterface
public interface StreamBinderGuard {

    /**
     * Whether shadow messages sent through this binder follow a shadow policy of their own.
     * @param binder a binder Spring Cloud Stream created
     * @return {@code true} when this module guards what the binder sends
     */
    boolean guards(Object binder);
}
