package dev.shadowtx.web.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowAdmissionFactoryTests {

    @Test
    void rateLimitBurstDefaultsToOneSecondOfTheRate() {
        ShadowProtectionProperties protection = new ShadowProtectionProperties();
        assertThat(ShadowAdmissionFactory.rateLimiter(protection)).isNull();
        protection.setMaxRate(12.5);
        assertThat(ShadowAdmissionFactory.rateLimiter(protection).getBurst()).isEqualTo(13);
        protection.setMaxRate(0.2);
        assertThat(ShadowAdmissionFactory.rateLimiter(protection).getBurst()).isEqualTo(1);
        protection.setBurst(40);
        assertThat(ShadowAdmissionFactory.rateLimiter(protection).getBurst()).isEqualTo(40);
    }
}
