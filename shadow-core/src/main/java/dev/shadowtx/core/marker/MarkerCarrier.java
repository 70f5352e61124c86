package dev.shadowtx.core.marker;

import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * Read-only view of an inbound message (an HTTP request, a record) that detectors and the trust
 * policy inspect. Implementations should make {@link #firstHeader} cheap: detectors call it
 * first and read {@link #headers} only when a value is present, so an unmarked request allocates
 * nothing.
 */
public interface MarkerCarrier {

    /**
     * Return the {@code Host} / {@code :authority} value.
     * @return the raw value, or {@code null} when the carrier has none
     */
    @Nullable
    String host();

    /**
     * Return the first value of a header.
     * @param name the header name, case-insensitive for HTTP
     * @return the value, or {@code null} when absent
     */
    @Nullable
    String firstHeader(String name);

    /**
     * Return every value of a header, in order.
     * @param name the header name
     * @return the values, empty when absent
     */
    Iterable<String> headers(String name);

    /**
     * Return the address of the peer that sent the message, as a literal IP address.
     * @return the address, or {@code null} when unknown (messages from a broker)
     */
    default @Nullable String remoteAddress() {
        return null;
    }

    /**
     * Return the request method, for the signature that binds a marker to its request.
     * @return the method as sent, or {@code null} when the message has none (a record)
     */
    default @Nullable String method() {
        return null;
    }

    /**
     * Return the request target as sent (path and query, not decoded), for the signature that
     * binds a marker to its request.
     * @return the target, e.g. {@code /orders?id=7}, or {@code null} when the message has none
     */
    default @Nullable String target() {
        return null;
    }

    /**
     * A carrier with no header at all.
     */
    MarkerCarrier EMPTY = new MarkerCarrier() {

        @Override
        public @Nullable String host() {
            return null;
        }

        @Override
        public @Nullable String firstHeader(String name) {
            return null;
        }

        @Override
        public Iterable<String> headers(String name) {
            return Collections.emptyList();
        }
    };
}
