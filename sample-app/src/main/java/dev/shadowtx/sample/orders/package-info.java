/**
 * Orders: the HTTP API, the service that creates an order, its event and the read model that the event feeds.
 */
@NullMarked
package dev.shadowtx.sample.orders;

import org.jspecify.annotations.NullMarked;
