package org.apache.http.client;

/**
 * Stands in for Apache HttpClient 4's client interface, which Spring Boot no longer manages: the
 * leak audit recognises its clients by this name.
 */
public interface HttpClient {

    /**
     * Send a request.
     * @param uri where it goes
     * @return the answer
     */
    String execute(String uri);
}
