package dev.shadowtx.web.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowAdmissionsTests {

    @Test
    void rateLimitBurstDefaultsToOneSecondOfTheRate() {
        ShadowProtectionProperties protection = new ShadowProtectionProperties();
        assertThat(ShadowAdmissions.rateLimiter(protection)).isNull();
        protection.setMaxRate(12.5);
        assertThat(ShadowAdmissions.rateLimiter(protection).getBurst()).isEqualTo(13);
        protection.setMaxRate(0.2);
        assertThat(ShadowAdmissions.rateLimiter(protection).getBurst()).isEqualTo(1);
        protection.setBurst(40);
        assertThat(ShadowAdmissions.rateLimiter(protection).getBurst()).isEqualTo(40);
    }
}
