package org.apache.http.impl.client;

import java.io.Closeable;
import org.apache.http.client.HttpClient;

/**
 * Stands in for Apache HttpClient 4's client class, the type its client beans are declared with;
 * the library's own clients extend it and are not public.
 */
public abstract class CloseableHttpClient implements HttpClient, Closeable {

    @Override
    public void close() {}
}
