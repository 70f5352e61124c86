package dev.shadowtx.http;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.testsupport.Collaborators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests against a live server and a test double ({@link Collaborators}): started once per test
 * class, emptied after each test, with no shadow context left on the thread.
 */
abstract class CollaboratorServers {

    static Collaborators servers;

    @BeforeAll
    static void startServers() {
        servers = new Collaborators();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @AfterEach
    void resetServers() {
        servers.reset();
        ShadowContextHolder.clear();
    }
}
