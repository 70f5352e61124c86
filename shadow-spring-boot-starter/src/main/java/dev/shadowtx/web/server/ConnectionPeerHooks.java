package dev.shadowtx.web.server;

import dev.shadowtx.core.marker.TrustMode;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

/**
 * Installs the hook that records {@link ConnectionPeer} in the embedded web server: a valve on
 * Tomcat, a request customizer on every Jetty connector; nothing on Reactor Netty, whose request
 * still tells the connection's address. Only {@link TrustMode#TRUSTED_PROXIES} reads the peer: with
 * another trust mode nothing is installed, and live requests pay nothing for it. With
 * {@link TrustMode#TRUSTED_PROXIES}, a web server where no hook can be installed stops the
 * application at startup, naming {@code shadow.trust.mode}: the trust policy would otherwise
 * judge an address that a forwarded header may have rewritten.
 */
public final class ConnectionPeerHooks implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

    private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory",
            ConnectionPeerHooks.class.getClassLoader());

    private static final boolean JETTY_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory",
            ConnectionPeerHooks.class.getClassLoader());

    private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
            ConnectionPeerHooks.class.getClassLoader());

    private final TrustMode mode;

    /**
     * Create the hooks.
     * @param mode the trust mode; only {@link TrustMode#TRUSTED_PROXIES} needs the peer
     */
    public ConnectionPeerHooks(TrustMode mode) {
        this.mode = mode;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (this.mode != TrustMode.TRUSTED_PROXIES) {
            // no other trust mode reads the peer: live requests pay nothing for recording it
            return;
        }
        if (TOMCAT_PRESENT && Tomcat.install(factory)) {
            return;
        }
        if (JETTY_PRESENT && Jetty.install(factory)) {
            return;
        }
        if (REACTOR_NETTY_PRESENT && ReactorNetty.tellsThePeer(factory)) {
            return;
        }
        throw new InvalidConfigurationPropertyValueException(
                "shadow.trust.mode",
                this.mode,
                "TRUSTED_PROXIES judges the TCP peer of each connection, and the web server "
                        + factory.getClass().getName()
                        + " offers no hook to learn it once forwarded headers are honoured; "
                        + "run on Tomcat, Jetty or Reactor Netty, or use shadow.trust.mode=SIGNED");
    }

    private static final class Tomcat {

        static boolean install(ConfigurableWebServerFactory factory) {
            if (factory instanceof ConfigurableTomcatWebServerFactory tomcat) {
                tomcat.addEngineValves(new ConnectionPeerValve());
                return true;
            }
            return false;
        }
    }

    private static final class Jetty {

        static boolean install(ConfigurableWebServerFactory factory) {
            if (factory instanceof org.springframework.boot.jetty.ConfigurableJettyWebServerFactory jetty) {
                jetty.addServerCustomizers(Jetty::addToEveryConnector);
                return true;
            }
            return false;
        }

        private static void addToEveryConnector(org.eclipse.jetty.server.Server server) {
            for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                for (org.eclipse.jetty.server.ConnectionFactory connectionFactory :
                        connector.getConnectionFactories()) {
                    if (connectionFactory
                            instanceof org.eclipse.jetty.server.HttpConfiguration.ConnectionFactory http) {
                        org.eclipse.jetty.server.HttpConfiguration configuration = http.getHttpConfiguration();
                        if (configuration.getCustomizer(JettyConnectionPeerCustomizer.class) == null) {
                            configuration.addCustomizer(new JettyConnectionPeerCustomizer());
                        }
                    }
                }
            }
        }
    }

    private static final class ReactorNetty {

        static boolean tellsThePeer(ConfigurableWebServerFactory factory) {
            return factory instanceof org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
        }
    }
}
