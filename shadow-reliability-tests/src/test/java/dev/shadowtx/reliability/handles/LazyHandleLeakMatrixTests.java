package dev.shadowtx.reliability.handles;

import dev.shadowtx.reliability.FirstPass;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

/**
 * The handle leak matrix under {@code spring.main.lazy-initialization=true}, where the first
 * request that needs a client bean creates it, and that request can be a shadow one. Before the
 * matrix runs, one marked cell per channel, then one per path, on one thread: each store's client
 * beans and each path's components are first used, and so created, by a marked cell. Its own
 * context (its properties differ).
 */
@TestPropertySource(properties = "spring.main.lazy-initialization=true")
class LazyHandleLeakMatrixTests extends HandleLeakMatrixTests {

    @BeforeAll
    void firstUseOfEveryBeanIsShadow() throws Exception {
        FirstPass first = new FirstPass();
        for (HandleChannel channel : HandleChannel.values()) {
            first.run(
                    channel + " on REQUEST_THREAD",
                    () -> markedCellIsBlockedBeforeReachingTheStore(
                            HandlePath.REQUEST_THREAD, channel, HTTP_MARKERS.get(1)));
        }
        HandleChannel channel = HandleChannel.values()[0];
        for (HandlePath path : HandlePath.values()) {
            if (path != HandlePath.REQUEST_THREAD) {
                first.run(
                        channel + " on " + path,
                        () -> markedCellIsBlockedBeforeReachingTheStore(path, channel, HTTP_MARKERS.get(0)));
            }
        }
        first.assertPassed();
    }

    @Override
    String name() {
        return "handle leak matrix, lazy initialization";
    }
}
