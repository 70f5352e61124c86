package dev.shadowtx.handles;

/**
 * Implemented by every handle {@link GuardedHandles} guards, so that a guard is never put twice
 * and the leak audit can tell a guarded client from a bare one.
 */
public interface GuardedHandle {}
