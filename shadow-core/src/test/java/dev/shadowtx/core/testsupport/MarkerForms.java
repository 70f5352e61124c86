package dev.shadowtx.core.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every form in which an inbound HTTP request carries a shadow marker, as the headers to send
 * (a {@code Host} given here replaces the client's own): the header in any case of its name and
 * value, the host suffix in any case, a baggage entry among others or in a second {@code baggage}
 * header, and a mirrored copy whose edge left forwarded headers, its forwarded host included.
 * Each one isolates: a request carrying it must never run live.
 */
public final class MarkerForms {

    /**
     * The forms by name, in a stable order.
     */
    public static final Map<String, Map<String, String>> ISOLATING = forms();

    private MarkerForms() {}

    private static Map<String, Map<String, String>> forms() {
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("X-Shadow: shadow", headers("X-Shadow", "shadow"));
        forms.put("lower-case header name", headers("x-shadow", "shadow"));
        forms.put("upper-case header name and value", headers("X-SHADOW", "SYNTHETIC"));
        forms.put("mixed-case value true", headers("X-Shadow", "True"));
        forms.put("malformed header value", headers("X-Shadow", "yes-please"));
        forms.put("host suffix with port", headers("Host", "orders-shadow:8080"));
        forms.put("upper-case host suffix", headers("Host", "ORDERS-SHADOW"));
        forms.put("mixed-case host suffix with port", headers("Host", "Orders-Shadow:8080"));
        forms.put("baggage entry among others", headers("baggage", "userId=alice,shadow=synthetic;ttl=1,tenant=acme"));
        forms.put("upper-case baggage header and key", headers("BAGGAGE", "tenant=acme, SHADOW=shadow"));
        forms.put(
                "baggage entry in a second header",
                headers("baggage", "tenant=acme,trace=1", "Baggage", "shadow=true"));
        forms.put(
                "host suffix under a forwarded host",
                headers(
                        "Host", "orders-shadow:8080",
                        "X-Forwarded-Host", "orders.example",
                        "X-Forwarded-Proto", "https",
                        "X-Forwarded-For", "203.0.113.7"));
        forms.put(
                "header under a forwarded host",
                headers("Forwarded", "for=203.0.113.7;host=orders.example;proto=https", "X-Shadow", "shadow"));
        return forms;
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
