package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The build's {@code java21-tests} execution ({@code -Dshadowtx.java21.home=...}) runs the
 * virtual-thread tests on the given JDK; they skip themselves on Java 17, so a JDK older than 21
 * there must fail the build rather than let them pass without running.
 */
class VirtualThreadJdkTests {

    @Test
    @EnabledIfSystemProperty(named = "shadowtx.java21.required", matches = "true")
    void theJava21ExecutionRunsOnJava21OrLater() {
        assertThat(Runtime.version().feature())
                .as("Java version of %s (shadowtx.java21.home)", System.getProperty("java.home"))
                .isGreaterThanOrEqualTo(21);
    }
}
