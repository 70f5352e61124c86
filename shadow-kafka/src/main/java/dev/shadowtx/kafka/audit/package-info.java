/**
 * What the leak audit needs to know about Kafka: which beans are Kafka channels and what guards them.
 */
@NullMarked
package dev.shadowtx.kafka.audit;

import org.jspecify.annotations.NullMarked;
