package dev.shadowtx.web.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.marker.TrustMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.mock.web.MockHttpServletRequest;

class ConnectionPeerHooksTests {

    @Test
    void tomcatGetsTheValveThatRecordsThePeerForServletAndReactiveApplications() {
        TomcatServletWebServerFactory servlet = new TomcatServletWebServerFactory();
        new ConnectionPeerHooks(TrustMode.TRUSTED_PROXIES).customize(servlet);
        assertThat(servlet.getEngineValves()).hasExactlyElementsOfTypes(ConnectionPeerValve.class);
        TomcatReactiveWebServerFactory reactive = new TomcatReactiveWebServerFactory();
        new ConnectionPeerHooks(TrustMode.TRUSTED_PROXIES).customize(reactive);
        assertThat(reactive.getEngineValves()).hasExactlyElementsOfTypes(ConnectionPeerValve.class);
    }

    @Test
    void trustModesThatDoNotReadThePeerInstallNothing() {
        for (TrustMode mode : List.of(TrustMode.ANY, TrustMode.SIGNED)) {
            TomcatServletWebServerFactory servlet = new TomcatServletWebServerFactory();
            new ConnectionPeerHooks(mode).customize(servlet);
            assertThat(servlet.getEngineValves()).isEmpty();
        }
    }

    @Test
    void reactorNettyNeedsNoHook() {
        new ConnectionPeerHooks(TrustMode.TRUSTED_PROXIES).customize(new NettyReactiveWebServerFactory());
    }

    @Test
    void webServerWithoutAHookRefusesToStartWithTrustedProxiesOnly() {
        ConfigurableWebServerFactory other = (ConfigurableWebServerFactory) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ConfigurableWebServerFactory.class},
                (proxy, method, args) -> null);
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new ConnectionPeerHooks(TrustMode.TRUSTED_PROXIES).customize(other))
                .satisfies((ex) -> assertThat(ex.getName()).isEqualTo("shadow.trust.mode"))
                .withMessageContaining("SIGNED");
        new ConnectionPeerHooks(TrustMode.SIGNED).customize(other);
        new ConnectionPeerHooks(TrustMode.ANY).customize(other);
    }

    @Test
    void peerIsTheRecordedOneEvenWhenAForwardedHeaderFilterRewroteTheRemoteAddress() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("127.0.0.6");
        request.setAttribute(ConnectionPeer.ATTRIBUTE, "127.0.0.6");
        HttpServletRequest forwarded = new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return "203.0.113.7";
            }
        };
        assertThat(ConnectionPeer.of(forwarded)).isEqualTo("127.0.0.6");
    }

    @Test
    void mockRequestWithoutContainerStandsForItsPeerAndAnyOtherRequestWithoutTheHookHasNone() {
        MockHttpServletRequest mock = new MockHttpServletRequest();
        mock.setRemoteAddr("10.1.2.3");
        assertThat(ConnectionPeer.of(new HttpServletRequestWrapper(mock))).isEqualTo("10.1.2.3");
        HttpServletRequest unhooked = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getRemoteAddr") ? "10.1.2.3" : null);
        assertThat(ConnectionPeer.of(unhooked)).isNull();
    }
}
