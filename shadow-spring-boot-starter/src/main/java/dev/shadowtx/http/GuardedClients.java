package dev.shadowtx.http;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The HTTP clients of other libraries that carry the shadow policy (the guarded client beans),
 * weakly held. A {@code RestTemplate}, {@code RestClient} or {@code WebClient} built by hand over
 * one of them leaves its redirects to the client's guard, which decides each of them already.
 */
public final class GuardedClients {

    private static final Set<Object> GUARDED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private GuardedClients() {}

    /**
     * Record a client that carries the shadow policy.
     * @param client the guarded client (the instance the application is given)
     */
    public static void add(Object client) {
        GUARDED.add(client);
    }

    /**
     * Whether a client carries the shadow policy.
     * @param client a client
     * @return {@code true} when it was recorded with {@link #add}
     */
    public static boolean contains(Object client) {
        return GUARDED.contains(client);
    }
}
