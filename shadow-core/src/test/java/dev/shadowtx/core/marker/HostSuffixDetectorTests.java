package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostSuffixDetectorTests {

    private final HostSuffixDetector detector = new HostSuffixDetector();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders-shadow:8080",
                "orders-shadow",
                "orders:8080-shadow",
                "[::1]-shadow:8080",
                "[::1]-shadow",
                "ORDERS-SHADOW",
                "Orders-Shadow:443",
                "  orders-shadow:8080  ",
                "\torders-shadow",
                "orders.svc.cluster.local-shadow:8080",
                "10.0.0.1-shadow:80",
                "orders-shadow:",
                "[fe80::1%eth0]-shadow:8080",
                "-shadow"
            })
    void detectsMirroredHosts(String host) {
        Detection detection = this.detector.detect(TestCarrier.request().host(host));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.source()).isEqualTo(MarkerSource.HOST_SUFFIX);
        assertThat(detection.malformed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders",
                "orders:8080",
                "[::1]:8080",
                "[::1]",
                "shadow",
                "orders-shadowed:8080",
                "orders-shadow-1:8080",
                "shadow-orders",
                "orders-shadow.example.com",
                "orders:shadow",
                "",
                "   ",
                "orders-shadow:80a",
                "orders-shadow:8080:9090"
            })
    void leavesOtherHostsLive(String host) {
        assertThat(this.detector.detect(TestCarrier.request().host(host)).isMarked())
                .isFalse();
    }

    @Test
    void requestWithoutHostIsLive() {
        assertThat(this.detector.detect(TestCarrier.request())).isEqualTo(Detection.LIVE);
    }
}
