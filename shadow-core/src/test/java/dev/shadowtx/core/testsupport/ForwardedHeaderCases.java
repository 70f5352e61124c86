package dev.shadowtx.core.testsupport;

import java.util.List;
import java.util.Map;

/**
 * Forwarded headers sent by the trust tests of both web stacks: spoofs naming a trusted address,
 * and the chains an edge proxy leaves on a mirrored copy.
 */
public final class ForwardedHeaderCases {

    /**
     * Forwarded headers naming addresses of the trusted ranges {@code 10.0.0.0/8},
     * {@code 192.0.2.0/24} and {@code fd00::/8}.
     */
    public static final List<Map<String, String>> SPOOFED = List.of(
            Map.of("X-Forwarded-For", "10.0.0.1"),
            Map.of("X-Forwarded-For", "192.0.2.10, 10.0.0.1"),
            Map.of("Forwarded", "for=10.0.0.1"),
            Map.of("Forwarded", "for=\"[fd00::1]\";proto=https"),
            Map.of("X-Real-IP", "10.0.0.1"),
            Map.of("X-Forwarded-For", "192.0.2.10", "X-Real-IP", "192.0.2.10", "Forwarded", "for=192.0.2.10"));

    /**
     * The chains an edge and a gateway leave on a request before the mesh mirrors it.
     */
    public static final List<Map<String, String>> EDGE_CHAINS = List.of(
            Map.of("X-Forwarded-For", "203.0.113.7, 10.1.2.3"),
            Map.of(
                    "X-Forwarded-For",
                    "203.0.113.7",
                    "X-Forwarded-Proto",
                    "https",
                    "X-Forwarded-Host",
                    "orders.example"),
            Map.of("Forwarded", "for=203.0.113.7;proto=https, for=10.1.2.3"),
            Map.of("X-Real-IP", "203.0.113.7"));

    private ForwardedHeaderCases() {}
}
