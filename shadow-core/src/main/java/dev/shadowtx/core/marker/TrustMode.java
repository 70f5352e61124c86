package dev.shadowtx.core.marker;

/**
 * Who may mark traffic as shadow.
 */
public enum TrustMode {

    /**
     * Any sender. Suitable only when the service cannot be reached except through a mesh that
     * strips markers from outside traffic.
     */
    ANY,

    /**
     * Only TCP peers whose address falls in a configured list of CIDR ranges (the mesh sidecars
     * or the synthetic-test runners).
     */
    TRUSTED_PROXIES,

    /**
     * Only senders that sign the marker with a shared HMAC key and a recent timestamp.
     */
    SIGNED
}
