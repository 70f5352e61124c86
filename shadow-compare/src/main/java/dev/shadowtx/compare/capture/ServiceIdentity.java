package dev.shadowtx.compare.capture;

/**
 * Who writes the records: the service, the release it runs (the analyzer tells primary,
 * secondary and candidate apart by it) and the instance.
 * @param service the service name ({@code spring.application.name})
 * @param version the release
 * @param instance the instance name
 */
public record ServiceIdentity(String service, String version, String instance) {}
