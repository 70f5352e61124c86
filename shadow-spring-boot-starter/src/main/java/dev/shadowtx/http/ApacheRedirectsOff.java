package dev.shadowtx.http;

import java.lang.reflect.Field;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.jspecify.annotations.Nullable;

/**
 * Turns redirects off for one Apache HttpClient 5 request whose redirects are decided above the
 * client. Loaded only when Apache HttpClient 5 is present.
 */
public final class ApacheRedirectsOff {

    private ApacheRedirectsOff() {}

    /**
     * Turn redirects off for one request sent with a context, keeping the rest of its
     * configuration (the context's, else the client's default).
     * @param context the request's context, changed in place
     * @param client the classic or async client that sends the request
     */
    public static void stopRedirects(HttpClientContext context, Object client) {
        RequestConfig onContext = context.getRequestConfig();
        RequestConfig config = (onContext != null) ? onContext : defaultConfig(client);
        context.setRequestConfig(RequestConfig.copy((config != null) ? config : RequestConfig.DEFAULT)
                .setRedirectsEnabled(false)
                .build());
    }

    /**
     * Return the default configuration of a client: the classic client tells it; the async client
     * keeps it in a field of its own class.
     * @param client the classic or async client
     * @return its default configuration ({@link RequestConfig#DEFAULT} when it has none), or
     * {@code null} when it cannot be told
     */
    public static @Nullable RequestConfig defaultConfig(Object client) {
        if (client instanceof Configurable configurable) {
            return orDefault(configurable.getConfig());
        }
        for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("defaultConfig");
                if (field.getType() == RequestConfig.class && field.trySetAccessible()) {
                    return orDefault((RequestConfig) field.get(client));
                }
                return null;
            } catch (NoSuchFieldException ex) {
                // declared higher up, if anywhere
            } catch (IllegalAccessException ex) {
                return null;
            }
        }
        return null;
    }

    private static RequestConfig orDefault(@Nullable RequestConfig config) {
        return (config != null) ? config : RequestConfig.DEFAULT;
    }
}
