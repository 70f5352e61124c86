package dev.shadowtx.core;

import dev.shadowtx.core.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The packages of shadow-core depend on each other without a cycle, so each concept can be read,
 * tested and changed starting from the ones it builds on.
 */
class PackageCycleTests {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertNone("dev.shadowtx.core");
    }
}
