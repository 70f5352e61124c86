/**
 * Proxies shared by the producer and consumer guards: views of client factories and templates.
 */
@NullMarked
package dev.shadowtx.kafka.support;

import org.jspecify.annotations.NullMarked;
