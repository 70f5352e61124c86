/**
 * Redis in shadow: reads pass, writes through a {@code RedisConnectionFactory}, the connections
 * and command interfaces it hands out, and every {@code RedisTemplate}, imperative or reactive,
 * are blocked.
 */
@NullMarked
package dev.shadowtx.redis;

import org.jspecify.annotations.NullMarked;
