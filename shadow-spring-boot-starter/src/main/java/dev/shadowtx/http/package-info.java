/**
 * Shadow policy for Boot's HTTP clients: a {@code ClientHttpRequestInterceptor} for
 * {@code RestClient} and {@code RestTemplate}, an {@code ExchangeFilterFunction} for
 * {@code WebClient}.
 */
@NullMarked
package dev.shadowtx.http;

import org.jspecify.annotations.NullMarked;
