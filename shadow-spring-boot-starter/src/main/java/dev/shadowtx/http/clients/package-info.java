/**
 * The shadow outbound policy on HTTP client beans of other libraries (JDK, OkHttp, Apache
 * HttpClient 5, Jetty, Reactor Netty): propagate, reroute or block each call made in shadow.
 */
@NullMarked
package dev.shadowtx.http.clients;

import org.jspecify.annotations.NullMarked;
