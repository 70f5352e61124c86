package dev.shadowtx.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.testsupport.Collaborators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Feign client whose destination answers a shadow call with a redirect to a live server: the
 * redirect is followed only where the policy lets the call go. The client's destination (the test
 * double) is a shadow-aware collaborator; the live server behind the redirect is not.
 */
@SpringBootTest(classes = FeignRedirectTests.RedirectApplication.class, webEnvironment = WebEnvironment.NONE)
class FeignRedirectTests {

    static final Collaborators servers = new Collaborators();

    @DynamicPropertySource
    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("double.url", servers::doubleUrl);
        registry.add("shadow.feign.clients.mover.action", () -> "PROPAGATE");
    }

    @Autowired
    MoverClient mover;

    @BeforeEach
    void redirects() {
        servers.redirectOnDouble("/v1/charges", 307, servers.liveUrl() + "/v1/charges");
        servers.redirectOnDouble("/v1/prices", 302, servers.liveUrl() + "/v1/prices?sku=1");
    }

    @AfterEach
    void reset() {
        servers.reset();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void shadowWriteRedirectedToALiveServerIsBlockedAndTheLiveServerReceivesNothing() {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> FeignShadowTests.inShadow(() -> this.mover.charge("EUR", "{\"amount\":5}")))
                .satisfies((ex) -> assertThat(ex.getTarget()).isEqualTo("POST " + servers.liveUrl() + "/v1/charges"));
        assertThat(servers.doubleRequests()).hasSize(1);
        assertThat(servers.liveRequests()).isEmpty();
    }

    @Test
    void shadowReadRedirectedToADestinationThePolicyAllowsIsFollowedWithTheMarker() {
        assertThat(FeignShadowTests.inShadow(() -> this.mover.price("sku-1"))).isEqualTo("live");
        LoggedRequest received = FeignShadowTests.single(servers.liveRequests());
        assertThat(received.getUrl()).isEqualTo("/v1/prices?sku=1");
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
    }

    @Test
    void liveTwinFollowsTheRedirectAsUsual() {
        assertThat(this.mover.price("sku-1")).isEqualTo("live");
        LoggedRequest received = FeignShadowTests.single(servers.liveRequests());
        assertThat(received.containsHeader("X-Shadow")).isFalse();
    }

    @FeignClient(name = "mover", url = "${double.url}/v1")
    interface MoverClient extends FeignShadowTests.ChargesApi {}

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableFeignClients(clients = MoverClient.class)
    static class RedirectApplication {}
}
