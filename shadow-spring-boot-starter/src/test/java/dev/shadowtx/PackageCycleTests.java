package dev.shadowtx;

import dev.shadowtx.core.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The starter's packages depend on each other without a cycle: each technology's
 * auto-configuration builds on the core one and on its own components, never the reverse.
 */
class PackageCycleTests {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertNone("dev.shadowtx");
    }
}
