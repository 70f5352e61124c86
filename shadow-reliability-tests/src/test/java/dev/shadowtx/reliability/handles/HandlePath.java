package dev.shadowtx.reliability.handles;

/**
 * The thread a write runs on.
 */
enum HandlePath {
    REQUEST_THREAD,
    ASYNC,
    COMPLETABLE_FUTURE,
    REACTOR
}
