package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ServerHttpMarkerCarrierTests {

    @Test
    void methodAndTargetAreReadAsSentForTheSignature() {
        ServerHttpMarkerCarrier carrier = new ServerHttpMarkerCarrier(
                MockServerHttpRequest.post("/orders/7?source=probe&id=7").build());
        assertThat(carrier.method()).isEqualTo("POST");
        assertThat(carrier.target()).isEqualTo("/orders/7?source=probe&id=7");
        assertThat(new ServerHttpMarkerCarrier(MockServerHttpRequest.get("/").build()).target())
                .isEqualTo("/");
    }

    @Test
    void probeAnswersAsTheCarrierDoes() {
        for (String host : new String[] {"Orders-SHADOW:8080", "orders:8080", "ördérs-shadow"}) {
            ServerHttpRequest request = MockServerHttpRequest.get("/")
                    .header("Host", host)
                    .header("x-shadow", "false")
                    .header("BAGGAGE", "a=1")
                    .build();
            ServerHttpMarkerCarrier carrier = new ServerHttpMarkerCarrier(request);
            for (String name : new String[] {"X-Shadow", "baggage", "traceparent", "Host"}) {
                assertThat(ServerHttpMarkerCarrier.PROBE.hasHeader(request, name))
                        .as("%s %s", host, name)
                        .isEqualTo(carrier.hasHeader(name))
                        .isEqualTo(!name.equals("traceparent"));
            }
            for (String fragment : new String[] {"-shadow", "-SHADOW", "8080"}) {
                assertThat(ServerHttpMarkerCarrier.PROBE.hostContainsIgnoreCase(request, fragment))
                        .as("%s %s", host, fragment)
                        .isEqualTo(carrier.hostContainsIgnoreCase(fragment));
            }
        }
        ServerHttpRequest hostless = MockServerHttpRequest.get("/").build();
        assertThat(ServerHttpMarkerCarrier.PROBE.hostContainsIgnoreCase(hostless, "-shadow"))
                .isFalse();
    }

    @Test
    void mockRequestWithoutServerStandsForItsPeerEvenWhenDecorated() {
        MockServerHttpRequest mock = MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 4711))
                .build();
        assertThat(new ServerHttpMarkerCarrier(new ServerHttpRequestDecorator(mock)).remoteAddress())
                .isEqualTo("10.1.2.3");
    }

    @Test
    void requestOfAnUnknownServerHasNoPeerAndIsNeverTrusted() {
        ServerHttpRequest unknown = (ServerHttpRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServerHttpRequest.class},
                (proxy, method, args) ->
                        method.getName().equals("getRemoteAddress") ? new InetSocketAddress("10.1.2.3", 4711) : null);
        assertThat(new ServerHttpMarkerCarrier(unknown).remoteAddress()).isNull();
    }
}
