package dev.shadowtx.core;

import java.util.Map;

/**
 * Describes the effective configuration of one part of shadowtx (core, HTTP, Kafka, Feign,
 * routing) for the startup summary and the {@code shadow} actuator endpoint. Implementations
 * never expose secrets.
 */
public interface ShadowDescriptor {

    /**
     * Return the name of the part described.
     * @return a short lowercase name such as {@code core} or {@code kafka}
     */
    String section();

    /**
     * Return the effective settings.
     * @return settings by name; values are strings, numbers, booleans, lists or maps
     */
    Map<String, Object> settings();
}
