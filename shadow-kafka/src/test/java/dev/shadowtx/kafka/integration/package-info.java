/**
 * spring-integration-kafka endpoints over the guarded consumer factory, containers and templates.
 */
@NullMarked
package dev.shadowtx.kafka.integration;

import org.jspecify.annotations.NullMarked;
