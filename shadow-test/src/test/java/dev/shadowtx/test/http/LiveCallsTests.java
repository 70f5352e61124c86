package dev.shadowtx.test.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveCallsTests {

    static final WireMockServer payments = new WireMockServer(options().dynamicPort());

    static {
        payments.start();
        payments.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stop() {
        payments.stop();
    }

    @BeforeEach
    void reset() {
        payments.resetRequests();
    }

    @Test
    void passesWhenTheCollaboratorWasNotCalled() {
        LiveCalls.assertNoLiveCall(payments);
    }

    @Test
    void failsNamingTheCallThatWasMade() throws Exception {
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(payments.baseUrl() + "/charges?order=7"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        LiveCalls.assertNoLiveCall(payments, getRequestedFor(urlPathEqualTo("/charges")));
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> LiveCalls.assertNoLiveCall(payments, postRequestedFor(urlPathEqualTo("/charges"))))
                .withMessageContaining("POST /charges?order=7");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> LiveCalls.assertNoLiveCall(payments));
    }
}
