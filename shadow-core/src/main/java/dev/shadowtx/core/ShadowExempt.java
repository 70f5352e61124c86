package dev.shadowtx.core;

/**
 * Marks a side-effect channel that belongs to shadowtx itself and must keep its destination in
 * shadow, such as the producer that publishes exchange records for response comparison. The
 * guards leave a bean or a client factory that implements this interface as it is: its sends are
 * neither rerouted, dropped nor blocked, and the leak audit lists it as exempt.
 * <p>
 * Implement it only on a channel whose every use in shadow is harmless by construction (it
 * writes to a destination that holds shadow data on purpose); an application channel never
 * qualifies.
 */
public interface ShadowExempt {}
