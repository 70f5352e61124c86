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
